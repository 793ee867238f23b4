namespace MeshAgent.WireGuard.Userspace;

/// <summary>Settings of the userspace (UAPI) backend.</summary>
public sealed record UserspaceWireGuardOptions
{
    /// <summary>wireguard-go and wg(8) compile this directory in; nothing moves it for them.</summary>
    public const string DefaultRunDirectory = "/var/run/wireguard";

    /// <summary>
    /// Where the <c>IFACE.sock</c> UAPI sockets are. Point it elsewhere to reach the sockets of another
    /// mount namespace (a lab host binds a private directory over /run/wireguard).
    /// </summary>
    public string RunDirectory { get; init; } = DefaultRunDirectory;

    /// <summary>The wireguard-go binary (or a wrapper that execs it) started to create a device.</summary>
    public string WireGuardGoPath { get; init; } = "wireguard-go";

    /// <summary>How long a new wireguard-go may take until its socket answers (it needs 8-14 ms here).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one UAPI request and reply; guards against a hung peer process.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a child may take to exit after its socket was removed before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether disposing the client stops the wireguard-go children it started.</summary>
    public bool StopDevicesOnDispose { get; init; } = true;
}
