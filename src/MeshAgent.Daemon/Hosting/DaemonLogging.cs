using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Logging set-up shared by every verb: with JOURNAL_STREAM set (started by systemd, stderr goes to the
/// journal) the systemd console format, "&lt;6&gt;category[id] message", whose prefix journald turns into the
/// priority; otherwise one plain line per entry with a UTC timestamp. Everything goes to stderr so that
/// stdout carries only command output (plan, check).
/// </summary>
public static class DaemonLogging
{
    /// <summary>Configures <paramref name="logging"/> as described on the class.</summary>
    public static void Configure(ILoggingBuilder logging, bool journal)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        // Framework chatter (Kestrel, hosting) only when it matters.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        if (journal)
        {
            logging.AddSystemdConsole(o => o.IncludeScopes = false);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>True when systemd connected stdout/stderr to the journal (JOURNAL_STREAM is set).</summary>
    public static bool IsJournal() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
}
