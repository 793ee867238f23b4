using MeshAgent.Interop;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Dnsmasq.Supervision;

/// <content>Log messages of the supervisor; event ids 5001-5099 are stable.</content>
public sealed partial class DnsmasqSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "dnsmasq started, pid {Pid}, config {ConfigFile}")]
        public static partial void Started(ILogger logger, int pid, string configFile);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "dnsmasq pid {Pid} answers DNS after {ElapsedMs:0} ms")]
        public static partial void Ready(ILogger logger, int pid, double elapsedMs);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "dnsmasq pid {Pid} exited with {ExitCode}; last output: {LastOutput}")]
        public static partial void Exited(ILogger logger, int pid, int exitCode, string lastOutput);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "restarting dnsmasq in {DelayMs:0} ms ({Restarts} restarts in the window)")]
        public static partial void Backoff(ILogger logger, double delayMs, int restarts);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "dnsmasq is crash-looping ({Restarts} restarts in the window); unhealthy, next attempt in {DelaySeconds:0} s")]
        public static partial void CrashLoop(ILogger logger, int restarts, double delaySeconds);

        [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "dnsmasq pid {Pid} does not answer the health probe: {Problem}")]
        public static partial void NotAnswering(ILogger logger, int pid, string problem);

        [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "sent SIGHUP to dnsmasq pid {Pid} (hosts files changed)")]
        public static partial void Reloaded(ILogger logger, int pid);

        [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "dnsmasq restart requested: {Reason}")]
        public static partial void RestartRequested(ILogger logger, string reason);

        [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "stopped stale dnsmasq pid {Pid} found through {PidFile}")]
        public static partial void StaleStopped(ILogger logger, int pid, string pidFile);

        [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "stopping dnsmasq pid {Pid}")]
        public static partial void Stopping(ILogger logger, int pid);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "dnsmasq pid {Pid} still runs {GraceSeconds} s after SIGTERM; sending SIGKILL")]
        public static partial void Killing(ILogger logger, int pid, double graceSeconds);

        [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "cannot start {BinaryPath}")]
        public static partial void LaunchFailed(ILogger logger, string binaryPath, Exception exception);

        [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "cannot send {Signal} to dnsmasq pid {Pid}")]
        public static partial void SignalFailed(ILogger logger, int pid, UnixSignal signal, Exception exception);
    }
}
