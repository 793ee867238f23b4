using System.Net;
using System.Text;
using System.Text.Json;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Lab;
using MeshAgent.Lab.NetworkManager;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Lab;

/// <summary>
/// Base for the VRB lab tests: host "a" runs a real NetworkManager on a private bus with veth links eth1
/// and eth2 to host "b" (the peer, 10.10.10.2/24 on its eth1, 203.0.113.2/24 on its eth2). The reconciler
/// under test talks to NM through <see cref="NetworkManagerClient"/>; every outcome is checked again with
/// nmcli on the same bus and with ip in the host.
/// </summary>
public abstract class NetworkManagerLabTest : LabTest
{
    /// <summary>Generous guard for waits on NM and the kernel; never a speed requirement.</summary>
    protected static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly List<string> _requests = [];

    protected LabHost A { get; private set; } = null!;

    protected LabHost B { get; private set; } = null!;

    protected LabNetworkManager Nm { get; private set; } = null!;

    protected NetworkManagerClient Client { get; private set; } = null!;

    protected IReadOnlyList<string> ReconcileRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected static VrbSpec Br0(string address = "10.10.10.1/24", params string[] ports) =>
        new(new LanBridgeSpec("br0", InterfaceAddress.Parse(address), Stp: false, ports.Length == 0 ? ["eth1"] : ports), null)
        {
            Connectivity = ConnectivityTarget.Of(IPAddress.Parse("10.10.10.2")),
        };

    [SetUp]
    public async Task StartNetworkManagerAsync()
    {
        RequireTools("NetworkManager", "nmcli", "dbus-daemon", "dbus-send", "unshare", "ping");
        A = await Lab.AddHostAsync("a");
        B = await Lab.AddHostAsync("b");
        await Lab.LinkAsync(A, "eth1", null, B, "eth1", "10.10.10.2/24");
        await Lab.LinkAsync(A, "eth2", null, B, "eth2", "203.0.113.2/24");
        Nm = await LabNetworkManager.StartAsync(Lab, A);
        TestContext.Out.WriteLine($"NetworkManager ready in {Nm.LastStartDuration.TotalMilliseconds:0} ms");
        Client = new NetworkManagerClient(Nm.BusAddress);
    }

    [TearDown]
    public async Task StopClientAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }
    }

    protected VrbReconciler CreateReconciler(VrbSpec spec, VrbReconcilerOptions? options = null) =>
        new(Client, spec, new LabHostConnectivityProbe(A), reason =>
        {
            lock (_requests)
            {
                _requests.Add(reason);
            }
        }, options: options ?? new VrbReconcilerOptions { ConnectivityTimeout = TimeSpan.FromSeconds(10), HintDebounce = TimeSpan.FromMilliseconds(200) });

    protected static async Task<ReconcileResult> ApplyAsync(VrbReconciler reconciler) =>
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);

    /// <summary>nmcli's view of every profile: "name:uuid:type:device" lines, sorted.</summary>
    protected async Task<string> NmcliProfilesAsync() =>
        Sorted((await Nm.NmcliCheckedAsync("-t", "-f", "NAME,UUID,TYPE,DEVICE", "connection", "show")).StdOut);

    /// <summary>nmcli's active connections with their D-Bus paths (a re-activation changes the path).</summary>
    protected async Task<string> NmcliActiveAsync() =>
        Sorted((await Nm.NmcliCheckedAsync("-t", "-f", "NAME,UUID,DEVICE,STATE,ACTIVE-PATH", "connection", "show", "--active")).StdOut);

    /// <summary>One field of one profile as nmcli prints it (-g), e.g. "ipv4.addresses".</summary>
    protected async Task<string> NmcliFieldAsync(string profile, string field) =>
        (await Nm.NmcliCheckedAsync("-g", field, "connection", "show", profile)).StdOut.Trim();

    /// <summary>
    /// A profile's stored settings as nmcli prints them ("section.key:value" lines), without runtime
    /// sections (GENERAL, IP4, ...) and without connection.timestamp, which NM bumps while a profile is active.
    /// </summary>
    protected async Task<string> NmcliSettingsAsync(string profile) =>
        string.Join("\n", (await Nm.NmcliCheckedAsync("-t", "connection", "show", profile)).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => char.IsLower(l[0]) && !l.StartsWith("connection.timestamp:", StringComparison.Ordinal)));

    /// <summary>
    /// The kernel's view in host a, from `ip -j`: each link with its kind of master and its IPv4/IPv6
    /// global addresses, "br0 master=- up 10.10.10.1/24", sorted; loopback left out.
    /// </summary>
    protected async Task<string> IpViewAsync()
    {
        using var links = JsonDocument.Parse((await A.RunCheckedAsync("ip", "-j", "-d", "addr", "show")).StdOut);
        var lines = new List<string>();
        foreach (var link in links.RootElement.EnumerateArray())
        {
            var name = link.GetProperty("ifname").GetString()!;
            if (name == "lo")
            {
                continue;
            }

            var line = new StringBuilder(name);
            line.Append(" master=").Append(link.TryGetProperty("master", out var m) ? m.GetString() : "-");
            line.Append(link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP") ? " up" : " down");
            foreach (var address in link.GetProperty("addr_info").EnumerateArray())
            {
                if (address.GetProperty("scope").GetString() == "global")
                {
                    line.Append(' ').Append(address.GetProperty("local").GetString()).Append('/').Append(address.GetProperty("prefixlen").GetInt32());
                }
            }

            lines.Add(line.ToString());
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    /// <summary>Ping from host b (the peer) to <paramref name="address"/>; a few tries (neighbour discovery after a change).</summary>
    protected async Task<bool> PeerPingsAsync(string address)
    {
        var result = await B.RunAsync("ping", ["-c", "3", "-i", "0.2", "-W", "1", address], TimeSpan.FromSeconds(30));
        return result.StdOut.Contains(" 0% packet loss", StringComparison.Ordinal)
            || (result.Succeeded && !result.StdOut.Contains("100% packet loss", StringComparison.Ordinal));
    }

    private static string Sorted(string text) =>
        string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
}
