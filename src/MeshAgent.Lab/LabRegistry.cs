using System.Globalization;

namespace MeshAgent.Lab;

/// <summary>
/// Remembers, on disk, what a lab run owns (its owner process and the processes it started), so that a
/// later run can sweep what a crashed run left behind — and only that: a run whose owner still lives is
/// never touched, because other test runs may share the machine.
/// </summary>
internal static class LabRegistry
{
    /// <summary>Every lab run has a directory below this one, named by its prefix.</summary>
    public const string Root = "/tmp/meshagent-lab";

    private const string OwnerFile = "owner";
    private const string ProcessesFile = "processes";

    // A run whose test failed keeps its logs for a person to read: sweeps then remove only its namespaces.
    private const string KeptFile = "kept";

    public static void WriteOwner(string directory)
    {
        var pid = Environment.ProcessId;
        File.WriteAllText(Path.Combine(directory, OwnerFile), Invariant($"{pid} {ProcessLiveness.StartTime(pid) ?? 0}\n"));
    }

    public static void MarkKept(string directory) => File.WriteAllText(Path.Combine(directory, KeptFile), string.Empty);

    public static void AddProcess(string directory, int pid, long? startTime)
    {
        File.AppendAllText(Path.Combine(directory, ProcessesFile), Invariant($"{pid} {startTime ?? 0}\n"));
    }

    /// <summary>Removes what runs whose owner process is gone left behind.</summary>
    public static async Task SweepDeadRunsAsync()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        var namespaces = await ListNamespacesAsync();
        foreach (var directory in Directory.GetDirectories(Root))
        {
            var prefix = Path.GetFileName(directory);
            if (!LabNames.IsPrefix(prefix) || IsAlive(Path.Combine(directory, OwnerFile)) is not false)
            {
                continue;
            }

            foreach (var (pid, startTime) in ReadPairs(Path.Combine(directory, ProcessesFile)))
            {
                if (ProcessLiveness.IsRunning(pid) && ProcessLiveness.StartTime(pid) == startTime)
                {
                    Interop.ProcessSignals.Send(pid, Interop.UnixSignal.Kill);
                }
            }

            foreach (var ns in namespaces.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)))
            {
                await LabNetwork.DeleteNamespaceAsync(ns);
            }

            if (!File.Exists(Path.Combine(directory, KeptFile)))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<List<string>> ListNamespacesAsync()
    {
        var result = await CommandRunner.RunAsync("ip", ["netns", "list"]);
        return [.. result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0])];
    }

    /// <summary>null when the owner file is missing or unreadable (a run being created: leave it alone).</summary>
    private static bool? IsAlive(string ownerFile)
    {
        var owner = ReadPairs(ownerFile).FirstOrDefault();
        if (owner == default)
        {
            return File.Exists(ownerFile) ? false : null;
        }

        return ProcessLiveness.IsRunning(owner.Pid) && ProcessLiveness.StartTime(owner.Pid) == owner.StartTime;
    }

    private static IEnumerable<(int Pid, long StartTime)> ReadPairs(string file)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                yield return (pid, start);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
