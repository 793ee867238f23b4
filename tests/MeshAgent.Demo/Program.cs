using System.Globalization;
using MeshAgent.Lab;

namespace MeshAgent.Demo;

/// <summary>
/// Builds a small lab (one underlay switch, a hub and two spokes as network namespaces), starts the real
/// meshagent daemon in each host, waits until each is ready, and prints what `meshctl status` says on
/// each host and how many series its /metrics serves. Everything is torn down at the end, also on
/// failure or Ctrl+C. `--hold` keeps the lab running until Ctrl+C for exploring it by hand.
/// </summary>
internal static class Program
{
    private static readonly (string Name, string Address)[] Hosts = [("hub1", "192.0.2.1"), ("spokea", "192.0.2.11"), ("spokeb", "192.0.2.12")];

    private static async Task<int> Main(string[] args)
    {
        var hold = args.Contains("--hold", StringComparer.Ordinal);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        LabNetwork lab;
        try
        {
            lab = await LabNetwork.CreateAsync("demo");
        }
        catch (LabUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"demo: this machine cannot run the lab: {e.Message}");
            return 1;
        }

        await using (lab)
        {
            try
            {
                await RunAsync(lab, hold, cancel.Token);
                return 0;
            }
            catch (Exception e) when (e is TimeoutException or LabCommandException or InvalidOperationException)
            {
                lab.KeepDirectory = true;
                await Console.Error.WriteLineAsync($"demo failed: {e.Message}\nlogs kept in {lab.Directory}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    private static async Task RunAsync(LabNetwork lab, bool hold, CancellationToken cancellationToken)
    {
        var daemon = Path.Combine(AppContext.BaseDirectory, "meshagent");
        var meshctl = Path.Combine(AppContext.BaseDirectory, "meshctl");
        Console.WriteLine($"lab {lab.Prefix}: an underlay switch and {Hosts.Length} hosts");
        var underlay = await lab.AddSwitchAsync("wan");
        var hosts = new List<DemoHost>();
        foreach (var (name, address) in Hosts)
        {
            var host = await lab.AddHostAsync(name);
            await lab.ConnectAsync(host, "eth0", $"{address}/24", underlay);
            var directory = Path.Combine(lab.Directory, name);
            var apiSocket = Path.Combine(directory, "meshagent.sock");
            var configPath = Path.Combine(directory, "agent.yaml");
            await File.WriteAllTextAsync(configPath, Config(name, address, directory, apiSocket), cancellationToken);
            var process = host.Start(daemon, ["run", "--config", configPath], new LabProcessOptions { Name = "meshagent" });
            hosts.Add(new DemoHost(host, address, configPath, apiSocket, process));
            Console.WriteLine($"  {name,-7} {address,-11} meshagent pid {process.Pid}");
        }

        foreach (var host in hosts)
        {
            await Poll.UntilAsync(
                async () => host.Daemon.HasExited
                    ? throw new InvalidOperationException($"meshagent on {host.Host.Name} exited:\n{host.Daemon.Output}")
                    : (await host.Host.RunAsync("curl", "-sf", "-o", "/dev/null", host.ReadyUrl)).Succeeded,
                TimeSpan.FromSeconds(60),
                $"meshagent on {host.Host.Name} to be ready",
                cancellationToken);
        }

        foreach (var host in hosts)
        {
            var status = await host.Host.RunCheckedAsync(meshctl, "status", "--socket", host.ApiSocket);
            var metrics = await host.Host.RunCheckedAsync("curl", "-sf", host.MetricsUrl);
            var series = metrics.StdOut.Split('\n').Count(line => line.Length > 0 && line[0] != '#');
            Console.WriteLine();
            Console.WriteLine($"== {host.Host.Name}: meshctl status");
            Console.Write(status.StdOut);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {host.MetricsUrl}: {series} series"));
        }

        if (hold)
        {
            Console.WriteLine($"\nThe lab is up (namespaces {lab.Prefix}-*). Ctrl+C tears it down.");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        Console.WriteLine("\nstopping the daemons (SIGTERM) and removing the lab");
        foreach (var host in hosts)
        {
            var exit = await host.Daemon.StopAsync();
            Console.WriteLine($"  {host.Host.Name,-7} meshagent exited {exit}");
        }
    }

    private static string Config(string name, string address, string directory, string apiSocket) => $"""
        node:
          name: {name}
          state_dir: {directory}/state
          runtime_dir: {directory}/run
        http:
          listen: "{address}:9473"
          api_socket: {apiSocket}
        """;
}
