using System.Globalization;

namespace MeshAgent.Benchmarks;

/// <summary>Command-line settings: <c>--peers N</c>, <c>--runs N</c>, <c>--no-meshctl</c>, <c>--rig-timeout S</c>.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Peers per device (10,000 for the figures).</summary>
    public int Peers { get; init; } = 10_000;

    /// <summary>Runs per side; the median is reported (at least 5).</summary>
    public int Runs { get; init; } = 7;

    /// <summary>Whether the dump scenario also times meshctl as a process (slow to start under TCG).</summary>
    public bool TimeMeshctl { get; init; } = true;

    /// <summary>Hang guard for the kernel rig VM, seconds.</summary>
    public int RigTimeoutSeconds { get; init; } = 3000;

    /// <summary>The options as arguments, to hand to a re-invoked worker.</summary>
    public IEnumerable<string> ToArguments()
    {
        yield return "--peers";
        yield return Peers.ToString(CultureInfo.InvariantCulture);
        yield return "--runs";
        yield return Runs.ToString(CultureInfo.InvariantCulture);
        if (!TimeMeshctl)
        {
            yield return "--no-meshctl";
        }
    }

    /// <summary>Parses the options after the scenario name.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            options = arguments[i] switch
            {
                "--peers" => options with { Peers = Number(arguments, ++i, 10) },
                "--runs" => options with { Runs = Number(arguments, ++i, 5) },
                "--no-meshctl" => options with { TimeMeshctl = false },
                "--rig-timeout" => options with { RigTimeoutSeconds = Number(arguments, ++i, 60) },
                _ => throw new ArgumentException($"unknown option {arguments[i]}"),
            };
        }

        return options;
    }

    private static int Number(IReadOnlyList<string> arguments, int index, int minimum) =>
        index < arguments.Count && int.TryParse(arguments[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"{arguments[Math.Min(index, arguments.Count) - 1]} needs a number >= {minimum}");
}
