using System.Globalization;

namespace MeshAgent.Benchmarks;

/// <summary>Collects run times per scenario and side, and prints medians and ours/wg ratios.</summary>
internal sealed class ResultTable
{
    private readonly List<(string Scenario, string Side, List<double> Milliseconds)> _rows = [];

    /// <summary>Adds one run of <paramref name="side"/> in <paramref name="scenario"/>.</summary>
    public void Add(string scenario, string side, TimeSpan elapsed)
    {
        var row = _rows.FirstOrDefault(r => r.Scenario == scenario && r.Side == side);
        if (row.Milliseconds is null)
        {
            row = (scenario, side, []);
            _rows.Add(row);
        }

        row.Milliseconds.Add(elapsed.TotalMilliseconds);
    }

    /// <summary>The median of a row in milliseconds.</summary>
    public double Median(string scenario, string side)
    {
        var values = _rows.Single(r => r.Scenario == scenario && r.Side == side).Milliseconds.Order().ToList();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>Prints every row (median, min, max, runs), then the ratio lines: each "ours" side against each "wg" side of its scenario.</summary>
    public void Print(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine($"{"scenario",-22} {"side",-38} {"median ms",10} {"min ms",10} {"max ms",10} {"runs",5}");
        foreach (var (scenario, side, values) in _rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scenario,-22} {side,-38} {Median(scenario, side),10:F3} {values.Min(),10:F3} {values.Max(),10:F3} {values.Count,5}"));
        }

        output.WriteLine();
        output.WriteLine("ratios (median ours / median wg):");
        foreach (var scenario in _rows.Select(r => r.Scenario).Distinct())
        {
            foreach (var ours in _rows.Where(r => r.Scenario == scenario && r.Side.StartsWith("ours", StringComparison.Ordinal)))
            {
                foreach (var tool in _rows.Where(r => r.Scenario == scenario && r.Side.StartsWith("wg", StringComparison.Ordinal)))
                {
                    var ratio = Median(scenario, ours.Side) / Median(scenario, tool.Side);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scenario,-22} {ours.Side,-38} / {tool.Side,-34} = {ratio:F3}x"));
                }
            }
        }
    }
}
