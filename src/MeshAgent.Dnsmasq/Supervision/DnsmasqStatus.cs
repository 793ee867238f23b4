using System.Globalization;

namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>A snapshot of the supervisor, for /health/ready, STATUS= and the API.</summary>
/// <param name="State">Current state.</param>
/// <param name="Pid">The running dnsmasq's pid; null when none runs.</param>
/// <param name="Restarts">Restarts since supervision began (after exits and for config changes).</param>
/// <param name="Reloads">SIGHUPs sent since supervision began.</param>
/// <param name="Problem">The latest problem (exit code and last output line, failed probe); null if none.</param>
public sealed record DnsmasqStatus(DnsmasqState State, int? Pid, long Restarts, long Reloads, string? Problem)
{
    /// <summary>True only when dnsmasq runs and answers: what /health/ready reports.</summary>
    public bool IsReady => State == DnsmasqState.Ready;

    /// <summary>One short human line for systemd's STATUS=, e.g. "dnsmasq ready (pid 812)".</summary>
    public string StatusLine => State switch
    {
        DnsmasqState.Ready => string.Create(CultureInfo.InvariantCulture, $"dnsmasq ready (pid {Pid})"),
        DnsmasqState.Starting => string.Create(CultureInfo.InvariantCulture, $"dnsmasq starting (pid {Pid})"),
        DnsmasqState.NotAnswering => $"dnsmasq not answering: {Problem}",
        DnsmasqState.Backoff => $"dnsmasq exited, restarting: {Problem}",
        DnsmasqState.CrashLoop => $"dnsmasq crash loop, retrying slowly: {Problem}",
        _ => "dnsmasq stopped",
    };
}
