using System.Collections.Concurrent;
using System.Net;

namespace MeshAgent.Lab;

/// <summary>
/// One lab: hosts (network namespaces), switches, links and processes, all named with a per-run prefix.
/// Disposal always tears everything down — processes by PID (TERM, then KILL), then the namespaces — and
/// also runs after a failed test. Creating a lab first sweeps what crashed runs left behind.
/// Not thread-safe for building; processes and commands may run concurrently.
/// </summary>
public sealed class LabNetwork : IAsyncDisposable
{
    private readonly List<LabHost> _hosts = [];
    private readonly List<LabSwitch> _switches = [];
    private readonly ConcurrentBag<LabProcess> _processes = [];
    private readonly LabFirewall _firewall;
    private int _sequence;
    private int _disposed;

    private LabNetwork(string prefix, string label, string directory)
    {
        Prefix = prefix;
        Label = label;
        Directory = directory;
        _firewall = new LabFirewall();
    }

    /// <summary>The run's prefix, e.g. "ma3k9z".</summary>
    public string Prefix { get; }

    /// <summary>What the test called this lab (for messages).</summary>
    public string Label { get; }

    /// <summary>A private directory for this run's files (configs, sockets, logs).</summary>
    public string Directory { get; }

    /// <summary>Keep <see cref="Directory"/> (logs) after disposal, e.g. because the test failed.</summary>
    public bool KeepDirectory { get; set; }

    /// <summary>The hosts created so far.</summary>
    public IReadOnlyList<LabHost> Hosts => _hosts;

    /// <summary>Creates an empty lab after sweeping leftovers of dead runs.</summary>
    /// <exception cref="LabUnavailableException">Not root, or iproute2 is missing.</exception>
    public static async Task<LabNetwork> CreateAsync(string label = "lab")
    {
        LabRequirements.EnsureLabCanRun();
        await LabRegistry.SweepDeadRunsAsync();
        var prefix = LabNames.NewPrefix();
        var directory = Path.Combine(LabRegistry.Root, prefix);
        System.IO.Directory.CreateDirectory(directory);
        LabRegistry.WriteOwner(directory);
        // wireguard-go and wg(8) look in /run/wireguard; the bind mount needs the directory to exist.
        System.IO.Directory.CreateDirectory("/run/wireguard");
        return new LabNetwork(prefix, label, directory);
    }

    /// <summary>Adds a host: namespace "&lt;prefix&gt;-&lt;name&gt;" with loopback up.</summary>
    public async Task<LabHost> AddHostAsync(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        LabNames.ValidateShortName(name);
        var ns = $"{Prefix}-{name}";
        (await CommandRunner.RunAsync("ip", ["netns", "add", ns])).EnsureSuccess();
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, name));
        var host = new LabHost(this, name, ns);
        _hosts.Add(host);
        await host.RunCheckedAsync("ip", "link", "set", "lo", "up");
        return host;
    }

    /// <summary>Adds a switch: a bridge (STP off) alone in namespace "&lt;prefix&gt;-s&lt;name&gt;".</summary>
    public async Task<LabSwitch> AddSwitchAsync(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        LabNames.ValidateShortName(name);
        if (name.Length > LabNames.MaxShortName - 1)
        {
            throw new ArgumentException($"Switch names are at most {LabNames.MaxShortName - 1} characters: '{name}'", nameof(name));
        }

        var ns = $"{Prefix}-s{name}";
        (await CommandRunner.RunAsync("ip", ["netns", "add", ns])).EnsureSuccess();
        var lab = new LabSwitch(name, ns, ns);
        _switches.Add(lab);
        await RunInAsync(ns, "ip", "link", "set", "lo", "up");
        await RunInAsync(ns, "ip", "link", "add", lab.Bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0");
        await RunInAsync(ns, "ip", "link", "set", lab.Bridge, "up");
        return lab;
    }

    /// <summary>Connects a host to a switch with a veth; the host's end is <paramref name="hostInterface"/>, up, with <paramref name="cidr"/> when given.</summary>
    public async Task ConnectAsync(LabHost host, string hostInterface, string? cidr, LabSwitch lab)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(lab);
        LabNames.ValidateInterfaceName(hostInterface);
        var leg = $"{Prefix}-p{NextSequence()}";
        (await CommandRunner.RunAsync("ip", ["link", "add", hostInterface, "netns", host.Namespace, "type", "veth", "peer", "name", leg, "netns", lab.Namespace])).EnsureSuccess();
        await RunInAsync(lab.Namespace, "ip", "link", "set", leg, "master", lab.Bridge, "up");
        await ConfigureEndAsync(host, hostInterface, cidr);
    }

    /// <summary>Links two hosts directly with a veth pair; each end up, with its address when given.</summary>
    public async Task LinkAsync(LabHost a, string aInterface, string? aCidr, LabHost b, string bInterface, string? bCidr)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        LabNames.ValidateInterfaceName(aInterface);
        LabNames.ValidateInterfaceName(bInterface);
        (await CommandRunner.RunAsync("ip", ["link", "add", aInterface, "netns", a.Namespace, "type", "veth", "peer", "name", bInterface, "netns", b.Namespace])).EnsureSuccess();
        await ConfigureEndAsync(a, aInterface, aCidr);
        await ConfigureEndAsync(b, bInterface, bCidr);
    }

    /// <summary>Drops <paramref name="percent"/>% of packets in and out of an interface of a host (0 removes the loss).</summary>
    public Task SetLossAsync(LabHost host, string interfaceName, int percent)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        LabNames.ValidateInterfaceName(interfaceName);
        return _firewall.SetLossAsync(host, interfaceName, percent);
    }

    /// <summary>Drops every packet between the hosts of one group and the addresses of the other, both ways.</summary>
    public async Task PartitionAsync(IReadOnlyCollection<LabHost> groupA, IReadOnlyCollection<LabHost> groupB)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(groupA);
        ArgumentNullException.ThrowIfNull(groupB);
        var addressesA = groupA.SelectMany(h => h.Addresses).ToList();
        var addressesB = groupB.SelectMany(h => h.Addresses).ToList();
        foreach (var host in groupA)
        {
            await _firewall.BlockAsync(host, addressesB);
        }

        foreach (var host in groupB)
        {
            await _firewall.BlockAsync(host, addressesA);
        }
    }

    /// <summary>Ends every partition made by <see cref="PartitionAsync"/>.</summary>
    public Task HealAsync() => _firewall.UnblockAllAsync();

    /// <summary>Stops every process by PID, removes the namespaces and (unless kept) the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        foreach (var ns in _hosts.Select(h => h.Namespace).Concat(_switches.Select(s => s.Namespace)))
        {
            await DeleteNamespaceAsync(ns);
        }

        _firewall.Dispose();
        if (KeepDirectory)
        {
            LabRegistry.MarkKept(Directory);
        }
        else
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A socket file still in use is no reason to fail a test; the next sweep removes it.
            }
        }
    }

    /// <summary>
    /// Deletes a namespace of ours. Processes still inside it (children of the processes we started) are
    /// killed first: `ip netns del` does not end them (LAB.md).
    /// </summary>
    internal static async Task DeleteNamespaceAsync(string ns)
    {
        var pids = await CommandRunner.RunAsync("ip", ["netns", "pids", ns]);
        foreach (var line in pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 1)
            {
                Interop.ProcessSignals.Send(pid, Interop.UnixSignal.Kill);
            }
        }

        await CommandRunner.RunAsync("ip", ["netns", "del", ns]);
    }

    internal int NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Track(LabProcess process)
    {
        _processes.Add(process);
        LabRegistry.AddProcess(Directory, process.Pid, process.StartTime);
    }

    private static async Task RunInAsync(string ns, string file, params string[] arguments) =>
        (await CommandRunner.RunAsync("ip", ["netns", "exec", ns, file, .. arguments])).EnsureSuccess();

    private static async Task ConfigureEndAsync(LabHost host, string interfaceName, string? cidr)
    {
        await host.RunCheckedAsync("ip", "link", "set", interfaceName, "up");
        if (cidr is not null)
        {
            // IPv6 duplicate address detection would delay the address by a second or more; the lab has no duplicates.
            var extra = cidr.Contains(':', StringComparison.Ordinal) ? new[] { "nodad" } : [];
            await host.RunCheckedAsync("ip", ["addr", "add", cidr, "dev", interfaceName, .. extra]);
            host.Remember(IPAddress.Parse(cidr.Split('/')[0]));
        }
    }
}
