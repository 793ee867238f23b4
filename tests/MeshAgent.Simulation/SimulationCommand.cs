using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MeshAgent.Simulation;

/// <summary>
/// <c>--nodes N --loss P --seed S [--lifeguard off] [--minutes M] [--crashes C] [--json]</c>: runs
/// <see cref="Simulator"/> and prints its result (JSON with --json, else a short text); wall time goes to stderr.
/// </summary>
internal static class SimulationCommand
{
    public static int Run(string[] args)
    {
        var settings = new SimulationSettings();
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--nodes": settings = settings with { Nodes = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--loss": settings = settings with { Loss = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--seed": settings = settings with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--lifeguard": settings = settings with { Lifeguard = Next() != "off" }; break;
                case "--minutes": settings = settings with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--crashes": settings = settings with { Crashes = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--json": json = true; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: --nodes N --loss P --seed S [--lifeguard off] [--minutes M] [--crashes C] [--json]");
                    return 2;
            }
        }
        if (settings.Loss > 1) settings = settings with { Loss = settings.Loss / 100 }; // accept percent
        var wall = Stopwatch.StartNew();
        var result = new Simulator(settings).Run();
        using var self = Process.GetCurrentProcess();
        Console.Error.WriteLine($"wall time {wall.Elapsed.TotalSeconds:F1} s, peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MiB");
        Console.WriteLine(json
            ? JsonSerializer.Serialize(result, SimulationJson.Default.SimulationResult)
            : result.ToString());
        return 0;
    }
}
