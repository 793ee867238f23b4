namespace MeshAgent.Core.Configuration.Reading;

/// <summary>What loading reads from the machine besides the YAML text: the host name and key file modes.</summary>
/// <param name="HostName">The host name the default node name derives from.</param>
/// <param name="Files">How key files are stat'ed.</param>
internal sealed record ConfigEnvironment(string HostName, IFileStatusProbe Files)
{
    /// <summary>The real machine.</summary>
    public static ConfigEnvironment System => new(Environment.MachineName, FileSystemStatusProbe.Instance);
}
