using Microsoft.Extensions.Logging;

namespace MeshAgent.WireGuard.Userspace;

/// <summary>Log events of the userspace backend (event ids 2100-2199, stable).</summary>
internal static partial class UserspaceLog
{
    [LoggerMessage(2101, LogLevel.Information, "Started wireguard-go for {Interface} (pid {Pid})")]
    public static partial void ChildStarted(ILogger logger, string @interface, int pid);

    [LoggerMessage(2102, LogLevel.Debug, "wireguard-go {Interface}: {Line}")]
    public static partial void ChildOutput(ILogger logger, string @interface, string line);

    [LoggerMessage(2103, LogLevel.Information, "wireguard-go for {Interface} (pid {Pid}) exited with code {ExitCode}")]
    public static partial void ChildExited(ILogger logger, string @interface, int pid, int exitCode);

    [LoggerMessage(2104, LogLevel.Information, "Device {Interface} ready after {ElapsedMs} ms")]
    public static partial void DeviceReady(ILogger logger, string @interface, double elapsedMs);

    [LoggerMessage(2105, LogLevel.Information, "Deleted device {Interface}")]
    public static partial void DeviceDeleted(ILogger logger, string @interface);

    [LoggerMessage(2106, LogLevel.Warning, "wireguard-go for {Interface} did not exit after its socket was removed; killing pid {Pid}")]
    public static partial void ChildKilled(ILogger logger, string @interface, int pid);

    [LoggerMessage(2107, LogLevel.Debug, "Configured {Interface}: {PeerCount} peer changes")]
    public static partial void Configured(ILogger logger, string @interface, int peerCount);
}
