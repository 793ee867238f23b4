using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using MeshAgent.Cli.LocalApi;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Doctor;

/// <summary>
/// Gathers <see cref="DoctorFacts"/> from this host: the config file, the daemon's local API, /sys, /proc/net, and
/// nmcli, nft and ip where they exist. Every probe is bounded by a timeout and a failed probe leaves its fact unknown.
/// </summary>
internal static class DoctorFactCollector
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(5);

    public static async Task<DoctorFacts> CollectAsync(string configPath, string? socketOption, CancellationToken cancellationToken)
    {
        var loaded = File.Exists(configPath)
            ? AgentConfigLoader.LoadFile(configPath)
            : new ConfigLoadResult(null, [new ConfigProblem(configPath, string.Empty, 0, 0, "the file does not exist")]);
        var config = loaded.IsValid ? loaded.Config : null;
        var socket = socketOption ?? config?.Http.ApiSocket ?? ApiDefaults.SocketPath;
        var facts = new DoctorFacts
        {
            Now = DateTimeOffset.UtcNow,
            ConfigPath = configPath,
            Config = config,
            ConfigProblems = [.. loaded.Problems.Select(p => p.ToString())],
            SocketPath = socket,
            KernelWireGuard = KernelHasWireGuard(),
            WireGuardGo = FindOnPath(config?.Mesh?.UserspaceBinary ?? "wireguard-go"),
            NftRuleset = (await RunAsync("nft", ["list", "ruleset"], cancellationToken))?.Trim(),
        };

        facts = await WithDaemonAsync(facts, cancellationToken);
        facts = facts with { NetworkManagerState = await NetworkManagerStateAsync(config?.Mesh?.Interface ?? "wg0", cancellationToken) };
        facts = WithDns(facts);
        facts = await WithClockAsync(facts, cancellationToken);
        return await WithUplinkAsync(facts, cancellationToken);
    }

    private static async Task<DoctorFacts> WithDaemonAsync(DoctorFacts facts, CancellationToken cancellationToken)
    {
        using var client = new LocalApiClient(facts.SocketPath);
        try
        {
            var status = await client.GetStatusAsync(cancellationToken);
            var peers = await client.GetAsync(ApiDefaults.PeersPath, ApiJsonContext.Default.IReadOnlyListPeerInfo, cancellationToken);
            var members = await client.GetAsync(ApiDefaults.MembersPath, ApiJsonContext.Default.IReadOnlyListMemberInfo, cancellationToken);
            return facts with { Status = status, Peers = peers, Members = members };
        }
        catch (Exception e) when (e is DaemonUnreachableException or DaemonRefusedException or HttpRequestException or JsonException)
        {
            return facts with { DaemonError = e.Message.TrimEnd('.') };
        }
    }

    private static bool KernelHasWireGuard()
    {
        if (Directory.Exists("/sys/module/wireguard"))
        {
            return true;
        }

        var release = TryRead("/proc/sys/kernel/osrelease")?.Trim();
        var directory = $"/lib/modules/{release}/kernel/drivers/net/wireguard";
        return release is not null && Directory.Exists(directory) && Directory.EnumerateFiles(directory, "wireguard.ko*").Any();
    }

    private static string? FindOnPath(string binary)
    {
        if (binary.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(binary) ? binary : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, binary))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<string?> NetworkManagerStateAsync(string device, CancellationToken cancellationToken)
    {
        // nmcli fails when NetworkManager is not running: then nothing manages the device.
        var output = await RunAsync("nmcli", ["-t", "-f", "DEVICE,STATE", "device", "status"], cancellationToken);
        if (output is null)
        {
            return null;
        }

        return output.Split('\n').Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 2 && f[0] == device)?[1] ?? string.Empty;
    }

    private static DoctorFacts WithDns(DoctorFacts facts)
    {
        if (facts.Config?.DnsDhcp is not { } dns)
        {
            return facts;
        }

        var served = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => dns.Interfaces.Contains(i.Name, StringComparer.Ordinal))
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(a => new ServedAddress(i.Name, a.Address)))
            .ToList();
        var owners = SocketOwners();
        var listeners = new List<PortListener>();
        foreach (var (file, protocol, tcp) in new[] { ("udp", "udp", false), ("udp6", "udp", false), ("tcp", "tcp", true), ("tcp6", "tcp", true) })
        {
            if (TryRead("/proc/net/" + file) is not { } table)
            {
                continue;
            }

            foreach (var socket in ProcNetSockets.Parse(table, tcp).Where(s => s.Port == 53))
            {
                int? pid = owners.TryGetValue(socket.Inode, out var owner) ? owner : null;
                listeners.Add(new PortListener(protocol, socket.Address, pid, pid is { } p ? TryRead($"/proc/{p}/comm")?.Trim() : null));
            }
        }

        var runtime = facts.Config.Node.RuntimeDirectory;
        var own = listeners.Select(l => l.Pid).OfType<int>().Distinct()
            .FirstOrDefault(p => TryRead($"/proc/{p}/comm")?.Trim() == "dnsmasq" && (TryRead($"/proc/{p}/cmdline") ?? string.Empty).Contains(runtime, StringComparison.Ordinal));
        return facts with { ServedAddresses = served, Port53 = listeners, OwnDnsmasqPid = own == 0 ? null : own };
    }

    /// <summary>Socket inode to PID, from /proc/PID/fd (root sees every process).</summary>
    private static Dictionary<long, int> SocketOwners()
    {
        var owners = new Dictionary<long, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && long.TryParse(target.AsSpan(8, target.Length - 9), out var inode))
                    {
                        owners.TryAdd(inode, pid);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended or is not ours to read.
            }
        }

        return owners;
    }

    /// <summary>Compares this clock with the first hub's HTTP Date header (its admission listener answers on TCP at the WireGuard port).</summary>
    private static async Task<DoctorFacts> WithClockAsync(DoctorFacts facts, CancellationToken cancellationToken)
    {
        if (facts.Config?.Mesh?.Hubs.FirstOrDefault(h => h.Name != facts.Config.Node.Name) is not { } hub)
        {
            return facts;
        }

        var (host, port) = HostAndPort(hub.Endpoint);
        using var http = new HttpClient { Timeout = ToolTimeout };
        try
        {
            var sent = DateTimeOffset.UtcNow;
            using var response = await http.GetAsync(new Uri($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/"), cancellationToken);
            var received = DateTimeOffset.UtcNow;
            if (response.Headers.Date is not { } date)
            {
                return facts;
            }

            // The Date header has whole seconds: the offset is known to about a second, far below the skew that matters.
            var local = sent + ((received - sent) / 2);
            return facts with { ClockOffset = local - date, ClockReference = $"{hub.Name} at {host}:{port}" };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return facts;
        }
    }

    private static async Task<DoctorFacts> WithUplinkAsync(DoctorFacts facts, CancellationToken cancellationToken)
    {
        if (facts.Config?.Mesh is not { } mesh)
        {
            return facts;
        }

        var target = mesh.Hubs.Where(h => h.Name != facts.Config.Node.Name).Select(h => h.Endpoint).Append(mesh.Endpoint).OfType<IPEndPoint>().FirstOrDefault()?.Address;
        string? uplink = null;
        if (target is not null)
        {
            uplink = NetworkInterface.GetAllNetworkInterfaces()
                .FirstOrDefault(i => i.GetIPProperties().UnicastAddresses.Any(a => a.Address.Equals(target)))?.Name
                ?? RouteDevice(await RunAsync("ip", ["-j", "route", "get", target.ToString()], cancellationToken));
        }

        uplink ??= RouteDevice(await RunAsync("ip", ["-j", "route", "show", "default"], cancellationToken));
        if (uplink is null)
        {
            return facts;
        }

        var mtu = int.TryParse(TryRead($"/sys/class/net/{uplink}/mtu")?.Trim(), out var value)
            ? value
            : NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => i.Name == uplink)?.GetIPProperties().GetIPv4Properties()?.Mtu;
        return facts with { UplinkInterface = uplink, UplinkMtu = mtu };
    }

    private static string? RouteDevice(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray().Select(r => r.TryGetProperty("dev", out var dev) ? dev.GetString() : null).FirstOrDefault(d => d is not null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string Host, int Port) HostAndPort(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => (dns.Host, dns.Port),
        _ => (endpoint.ToString() ?? string.Empty, 0),
    };

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A tool's stdout when it exits 0 within the timeout; null when it is missing, fails or hangs.</summary>
    private static async Task<string?> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ToolTimeout);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
                _ = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                return process.ExitCode == 0 ? await output : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
