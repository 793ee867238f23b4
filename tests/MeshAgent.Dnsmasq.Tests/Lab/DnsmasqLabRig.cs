using System.Diagnostics;
using System.Globalization;
using System.Net;
using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Probing;
using MeshAgent.Dnsmasq.Reconciliation;
using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.Lab;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Dnsmasq.Tests.Lab;

/// <summary>
/// A router host "r" with bridge br0 (10.10.10.1/24) and a real dnsmasq 2.90 under our supervisor and
/// reconciler; clients join br0 through veths and take leases with busybox udhcpc and our own script.
/// </summary>
internal sealed class DnsmasqLabRig : IAsyncDisposable
{
    public const string ReservedMac = "02:00:00:00:00:0a";
    public static readonly IPAddress RouterAddress = IPAddress.Parse("10.10.10.1");
    public static readonly IPAddress ReservedAddress = IPAddress.Parse("10.10.10.10");

    private readonly LabNetwork lab;
    private readonly NamespaceLauncher launcher;
    private int clientLinks;

    private DnsmasqLabRig(LabNetwork lab, LabHost router, DnsmasqOptions options)
    {
        this.lab = lab;
        Router = router;
        Options = options;
        var loggerFactory = NullLoggerFactory.Instance;
        launcher = new NamespaceLauncher(router, new ChildProcessLauncher(loggerFactory.CreateLogger<ChildProcessLauncher>()));
        Client = new DnsClient(NetworkNamespaceSockets.Factory("/run/netns/" + router.Namespace));
        var probe = new DnsmasqProbe(options, TimeProvider.System, Client);
        Supervisor = new DnsmasqSupervisor(launcher, probe, TimeProvider.System, loggerFactory.CreateLogger<DnsmasqSupervisor>());
        Reconciler = new DnsmasqReconciler(Supervisor, () => Options);
    }

    public LabHost Router { get; }

    /// <summary>The desired options; change them and reconcile.</summary>
    public DnsmasqOptions Options { get; set; }

    public DnsmasqSupervisor Supervisor { get; }

    public DnsmasqReconciler Reconciler { get; }

    /// <summary>Our DNS codec, with sockets in the router's namespace.</summary>
    public DnsClient Client { get; }

    public IReadOnlyList<IChildProcess> Launched => launcher.Started;

    public static async Task<DnsmasqLabRig> CreateAsync(LabNetwork lab)
    {
        var router = await lab.AddHostAsync("r");
        await router.RunCheckedAsync("ip", "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0");
        await router.RunCheckedAsync("ip", "addr", "add", "10.10.10.1/24", "dev", "br0");
        await router.RunCheckedAsync("ip", "link", "set", "br0", "up");
        var options = new DnsmasqOptions
        {
            Interfaces = ["br0"],
            NoDhcpInterfaces = ["wan0"],
            DhcpRanges = [new DhcpRange(IPAddress.Parse("10.10.10.100"), IPAddress.Parse("10.10.10.200"), TimeSpan.FromHours(1))],
            Router = RouterAddress,
            DnsServers = [RouterAddress],
            Reservations = [new DhcpReservation(ReservedMac, ReservedAddress, "fileserv")],
            StaticHosts = [new StaticHost(IPAddress.Parse("10.10.10.2"), ["switch"])],
            MeshHosts = [new MeshHost("hub-1", [IPAddress.Parse("10.10.11.1")])],
            RuntimeDirectory = Path.Combine(lab.Directory, "dnsmasq-run"),
        };
        return new DnsmasqLabRig(lab, router, options);
    }

    /// <summary>Plans and applies once; asserts convergence.</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync()
    {
        var plan = await Reconciler.PlanAsync(CancellationToken.None);
        var result = await Reconciler.ApplyAsync(plan, CancellationToken.None);
        Assert.That(result.Converged, Is.True, "reconcile converged: " + result.Problem);
        Assert.That((await Reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True, "a second plan is empty");
        return plan.Changes.Select(c => c.ToString()).ToList();
    }

    /// <summary>A client host joined to br0 through a veth, with <paramref name="mac"/> when given.</summary>
    public async Task<LabHost> AddClientAsync(string name, string? mac = null)
    {
        var client = await lab.AddHostAsync(name);
        var leg = "v" + (++clientLinks).ToString(CultureInfo.InvariantCulture);
        await lab.LinkAsync(client, "eth0", null, Router, leg, null);
        await Router.RunCheckedAsync("ip", "link", "set", leg, "master", "br0");
        if (mac is not null)
        {
            await client.RunCheckedAsync("ip", "link", "set", "eth0", "down");
            await client.RunCheckedAsync("ip", "link", "set", "eth0", "address", mac);
            await client.RunCheckedAsync("ip", "link", "set", "eth0", "up");
        }

        return client;
    }

    /// <summary>
    /// Runs busybox udhcpc once in <paramref name="client"/> with our own script (it sets the address and
    /// records it; it never touches resolv.conf). Returns the leased address, or null when no lease came.
    /// </summary>
    public async Task<IPAddress?> LeaseAsync(LabHost client, string hostname, string interfaceName = "eth0", int tries = 5)
    {
        var directory = Path.Combine(lab.Directory, client.Name);
        var script = Path.Combine(directory, "udhcpc.sh");
        var leased = Path.Combine(directory, "leased-address");
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/sh
            # Our udhcpc script for lab clients: address only, no routes, no resolv.conf.
            case "$1" in
              deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
              bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface"; echo "$ip" > '{{leased}}' ;;
            esac
            exit 0

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(leased);
        var result = await client.RunAsync(
            "busybox",
            ["udhcpc", "-i", interfaceName, "-s", script, "-x", "hostname:" + hostname, "-q", "-n", "-f", "-t", tries.ToString(CultureInfo.InvariantCulture), "-T", "1"],
            TimeSpan.FromSeconds(60));
        return result.Succeeded && File.Exists(leased) ? IPAddress.Parse((await File.ReadAllTextAsync(leased)).Trim()) : null;
    }

    /// <summary>Runs dig in <paramref name="host"/> against the router; returns (status, addresses).</summary>
    public static async Task<(string Status, IReadOnlyList<string> Addresses)> DigAsync(LabHost host, string name)
    {
        var result = (await host.RunAsync("dig", "+time=2", "+tries=2", "+noall", "+comments", "+answer", "@" + RouterAddress, name, "A")).EnsureSuccess();
        var statusLine = result.StdOut.Split('\n').Single(l => l.Contains("status:", StringComparison.Ordinal));
        var status = statusLine.Split("status:")[1].Split(',')[0].Trim();
        var addresses = result.StdOut.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith(';'))
            .Select(l => l.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 5 && f[3] == "A")
            .Select(f => f[4])
            .ToList();
        return (status, addresses);
    }

    /// <summary>Asks dnsmasq through our codec, on the router's loopback.</summary>
    public Task<DnsResponse> QueryAsync(string name) =>
        Client.QueryAsync(new IPEndPoint(IPAddress.Loopback, 53), name, DnsMessageCodec.TypeA, TimeSpan.FromSeconds(2), CancellationToken.None);

    /// <summary>Polls with our codec until <paramref name="name"/> answers <paramref name="address"/>; returns how long it took.</summary>
    public async Task<TimeSpan> WaitUntilResolvesAsync(string name, IPAddress address, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var response = await Client.QueryAsync(new IPEndPoint(IPAddress.Loopback, 53), name, DnsMessageCodec.TypeA, TimeSpan.FromMilliseconds(200), CancellationToken.None);
                if (response.Answers.Any(a => address.Equals(a.Address)))
                {
                    return watch.Elapsed;
                }
            }
            catch (Exception e) when (e is TimeoutException or System.Net.Sockets.SocketException)
            {
                // Not listening (yet): keep asking.
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"{name} did not resolve to {address} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Supervisor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await launcher.KillLeftoversAsync();
        }
    }
}
