namespace MeshAgent.Core.Configuration;

/// <summary>This node's name and the directories the agent owns.</summary>
public sealed record NodeConfig
{
    /// <summary>Default <see cref="StateDirectory"/> (FHS: variable state of a system service).</summary>
    public const string DefaultStateDirectory = "/var/lib/meshagent";

    /// <summary>Default <see cref="RuntimeDirectory"/> (systemd RuntimeDirectory=meshagent).</summary>
    public const string DefaultRuntimeDirectory = "/run/meshagent";

    /// <summary>
    /// The node's name in the mesh, a DNS label (1-63 of a-z, 0-9, '-'); it becomes "name.mesh_domain".
    /// Defaults to the first label of the host name, lowercased.
    /// </summary>
    [ConfigKey("name")]
    public string Name { get; init; } = HostNameDefault.NodeName(Environment.MachineName);

    /// <summary>Absolute directory for persistent state: the WireGuard private key (0600), records.</summary>
    [ConfigKey("state_dir")]
    public string StateDirectory { get; init; } = DefaultStateDirectory;

    /// <summary>Absolute directory for runtime files: the API socket, the dnsmasq config and lease files.</summary>
    [ConfigKey("runtime_dir")]
    public string RuntimeDirectory { get; init; } = DefaultRuntimeDirectory;
}
