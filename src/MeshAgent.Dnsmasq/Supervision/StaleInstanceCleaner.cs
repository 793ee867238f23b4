using System.Globalization;
using MeshAgent.Dnsmasq.Rendering;
using MeshAgent.Interop;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>
/// Stops a dnsmasq left over from an earlier agent run (as NetworkManager does): the pid in our pid file is
/// signalled only if /proc/PID/cmdline shows dnsmasq started with our own config file, so a recycled pid or
/// somebody else's dnsmasq is never touched.
/// </summary>
internal sealed class StaleInstanceCleaner
{
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly string procRoot;
    private readonly Func<int, UnixSignal, bool> sendSignal;
    private readonly TimeProvider time;

    public StaleInstanceCleaner(TimeProvider time)
        : this("/proc", ProcessSignals.Send, time)
    {
    }

    // For tests: a fake /proc tree and a recording signal sender.
    internal StaleInstanceCleaner(string procRoot, Func<int, UnixSignal, bool> sendSignal, TimeProvider time)
    {
        this.procRoot = procRoot;
        this.sendSignal = sendSignal;
        this.time = time;
    }

    /// <summary>Stops the stale instance, if any; returns its pid, or null when there was none of ours.</summary>
    public async Task<int?> StopStaleAsync(DnsmasqPaths paths, CancellationToken cancellationToken)
    {
        var pidText = DnsmasqFileStore.Read(paths.PidFile);
        if (!int.TryParse(pidText?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
        {
            return null;
        }

        if (!IsOurDnsmasq(pid, paths))
        {
            return null;
        }

        sendSignal(pid, UnixSignal.Terminate);
        if (!await WaitGoneAsync(pid, cancellationToken))
        {
            sendSignal(pid, UnixSignal.Kill);
            await WaitGoneAsync(pid, cancellationToken);
        }

        return pid;
    }

    /// <summary>True when /proc/PID/cmdline is a dnsmasq with <c>--conf-file=</c> our config file.</summary>
    internal bool IsOurDnsmasq(int pid, DnsmasqPaths paths)
    {
        string cmdline;
        try
        {
            cmdline = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var argv = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        return argv.Length > 0
            && Path.GetFileName(argv[0]) == "dnsmasq"
            && argv.Contains("--conf-file=" + paths.ConfigFile, StringComparer.Ordinal);
    }

    // Not our child, so no waitpid: gone means no /proc entry or a zombie (PID 1 may reap late).
    private async Task<bool> WaitGoneAsync(int pid, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TermGrace;
        while (time.GetUtcNow() < deadline)
        {
            if (IsGone(pid))
            {
                return true;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return IsGone(pid);
    }

    private bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var afterName = stat.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
