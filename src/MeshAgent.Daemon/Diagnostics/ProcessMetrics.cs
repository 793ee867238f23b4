using System.Diagnostics.Metrics;
using System.Globalization;

namespace MeshAgent.Daemon.Diagnostics;

/// <summary>
/// <c>meshagent_build_info</c> and the three conventional process series that prometheus-net's
/// <see cref="Prometheus.DotNetStats"/> lacks under their usual names (<c>process_resident_memory_bytes</c>,
/// <c>process_open_fds</c>, <c>process_max_fds</c>: the Go and Python clients' names, which dashboards and
/// our README use), as observable instruments on the meter "MeshAgent.Process", read from /proc at scrape
/// time. CPU seconds and start time come from the library. A value that cannot be read is left out of
/// that scrape rather than reported as zero. Dispose to remove the series.
/// </summary>
public sealed class ProcessMetrics : IDisposable
{
    /// <summary>Name of the meter carrying these instruments.</summary>
    public const string MeterName = "MeshAgent.Process";

    private readonly Meter _meter = new(MeterName);

    /// <summary>Creates the instruments.</summary>
    public ProcessMetrics(BuildInfo build)
    {
        ArgumentNullException.ThrowIfNull(build);
        _meter.CreateObservableGauge(
            "meshagent_build_info",
            () => new Measurement<int>(1, new("version", build.Version), new("commit", build.Commit)),
            description: "Always 1; labels carry the version and source commit of the running meshagent.");
        _meter.CreateObservableGauge("process_resident_memory_bytes", ReadResidentBytes, description: "Resident memory size in bytes.");
        _meter.CreateObservableGauge("process_open_fds", ReadOpenFds, description: "Number of open file descriptors.");
        _meter.CreateObservableGauge("process_max_fds", ReadMaxFds, description: "Maximum number of open file descriptors (soft limit).");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> ReadResidentBytes()
    {
        // /proc/self/statm: size resident shared text lib data dt, in pages.
        var fields = TryRead("/proc/self/statm")?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: > 1 } && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages))
        {
            yield return new Measurement<long>(pages * Environment.SystemPageSize);
        }
    }

    private static IEnumerable<Measurement<long>> ReadOpenFds()
    {
        long count;
        try
        {
            count = Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        yield return new Measurement<long>(count);
    }

    private static IEnumerable<Measurement<long>> ReadMaxFds()
    {
        // "Max open files            1024                 524288               files"
        var line = TryRead("/proc/self/limits")?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: > 0 } && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft))
        {
            yield return new Measurement<long>(soft);
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
