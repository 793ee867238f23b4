using System.Globalization;
using System.Text.Json;

namespace MeshAgent.Lab.Mesh;

/// <summary>
/// A whole mesh in the lab: one underlay switch (192.0.2.0/24), a hub that holds the mesh authority, and
/// spokes that join with single-use tokens, each a network namespace running the real meshagent with
/// userspace WireGuard (wireguard-go), gossip and dnsmasq. A spoke may sit behind a NAT host without port
/// mapping (masquerade only), so it has no endpoint to advertise. Used by the demo and the end-to-end tests;
/// everything goes through the product's own interfaces (agent.yaml, meshctl, the local API).
/// </summary>
public sealed class MeshLab
{
    /// <summary>The mesh prefix.</summary>
    public const string Prefix = "10.10.11.0/24";

    /// <summary>WireGuard's UDP port, and the hub's TCP admission port.</summary>
    public const int WireGuardPort = 51820;

    private readonly LabNetwork _lab;
    private readonly string _daemon;
    private readonly string _meshctl;
    private readonly List<MeshLabNode> _nodes = [];
    private LabSwitch? _underlay;
    private string _authorityKey = string.Empty;
    private string _hubKey = string.Empty;
    private string _gossipKeyFile = string.Empty;
    private int _nextHost = 11;
    private int _nextNat = 1;

    /// <summary>Creates the mesh builder in <paramref name="lab"/>; the binaries are the daemon and meshctl to run.</summary>
    public MeshLab(LabNetwork lab, string daemonPath, string meshctlPath)
    {
        _lab = lab;
        _daemon = daemonPath;
        _meshctl = meshctlPath;
    }

    /// <summary>Every node, hub first.</summary>
    public IReadOnlyList<MeshLabNode> Nodes => _nodes;

    /// <summary>The underlay switch, once the hub exists.</summary>
    public LabSwitch? Underlay => _underlay;

    /// <summary>The mesh's gossip keyring file (0600), once the hub exists.</summary>
    public string GossipKeyFile => _gossipKeyFile;

    /// <summary>The hub (admin node).</summary>
    public MeshLabNode Hub => _nodes[0];

    /// <summary>A <c>firewall:</c> section (YAML, top level) written to every node's config; empty: none.</summary>
    public string FirewallSection { get; init; } = string.Empty;

    /// <summary>
    /// dnsmasq's interfaces in every config, as YAML: the loopback by default; add wg0 for devices without the agent,
    /// which ask the hub's dnsmasq on its mesh address.
    /// </summary>
    public string DnsInterfaces { get; init; } = "[lo]";

    /// <summary>Gossip timing preset written to every config.</summary>
    public string GossipPreset { get; init; } = "lan";

    /// <summary>Creates the underlay, the authority and the hub, and starts the hub's agent.</summary>
    public async Task<MeshLabNode> StartHubAsync(string name = "hub1", CancellationToken cancellationToken = default)
    {
        _underlay = await _lab.AddSwitchAsync("wan");
        var host = await _lab.AddHostAsync(name);
        const string address = "192.0.2.1";
        await _lab.ConnectAsync(host, "eth0", address + "/24", _underlay);
        var node = new MeshLabNode(host, name, address, Path.Combine(_lab.Directory, name), isHub: true, behindNat: false);
        System.IO.Directory.CreateDirectory(node.Directory);
        // One memberlist key for the whole mesh (as `serf keygen` makes it), 0600 like every secret.
        _gossipKeyFile = Path.Combine(_lab.Directory, "gossip.key");
        await File.WriteAllTextAsync(_gossipKeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n", cancellationToken);
        File.SetUnixFileMode(_gossipKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var keyFile = Path.Combine(node.Directory, "authority.key");
        _authorityKey = (await RunMeshctlAsync("authority", "init", "--key-file", keyFile)).Trim();
        await File.WriteAllTextAsync(node.ConfigPath, Config(node, $"""
            mesh:
              prefix: {Prefix}
              address: 10.10.11.1/24
              role: hub
              endpoint: "{address}:{WireGuardPort}"
              backend: userspace
            authority:
              public_key: "{_authorityKey}"
              key_file: {keyFile}
            """), cancellationToken);
        _nodes.Add(node);
        await StartAsync(node, cancellationToken);
        _hubKey = (await MeshctlAsync(node, "pubkey")).Trim();
        return node;
    }

    /// <summary>
    /// Adds a second hub that joins with a hub token through the admin hub and starts its agent; it holds no authority
    /// key, so it passes the join requests it gets on to the admin hub. Returns once it is admitted.
    /// </summary>
    public async Task<MeshLabNode> AddHubAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_underlay is null)
        {
            throw new InvalidOperationException("Start the hub first.");
        }

        var host = await _lab.AddHostAsync(name);
        var address = string.Create(CultureInfo.InvariantCulture, $"192.0.2.{_nextHost++}");
        await _lab.ConnectAsync(host, "eth0", address + "/24", _underlay);
        var node = new MeshLabNode(host, name, address, Path.Combine(_lab.Directory, name), isHub: true, behindNat: false);
        System.IO.Directory.CreateDirectory(node.Directory);
        var token = (await MeshctlAsync(Hub, "token", "create", "--ttl", "1h", "--role", "hub")).Trim();
        await File.WriteAllTextAsync(node.ConfigPath, Config(node, $"""
            mesh:
              prefix: {Prefix}
              role: hub
              endpoint: "{address}:{WireGuardPort}"
              backend: userspace
              hubs:
                - name: {Hub.Name}
                  public_key: "{_hubKey}"
                  endpoint: "{Hub.Underlay}:{WireGuardPort}"
                  address: 10.10.11.1
            authority:
              public_key: "{_authorityKey}"
            join:
              token: "{token}"
            """), cancellationToken);
        _nodes.Add(node);
        await StartAsync(node, cancellationToken);
        await Poll.UntilAsync(async () => (await MeshAddressesAsync(node)).ContainsKey(name), TimeSpan.FromSeconds(90), $"{name} to be admitted", cancellationToken);
        return node;
    }

    /// <summary>
    /// Adds a spoke that joins with a fresh token and starts its agent. Behind a NAT it advertises no endpoint; with
    /// <paramref name="punch"/> its config has a <c>nat:</c> section (port mapping off), so it announces where the hub
    /// sees it and tries direct paths through its NAT. <paramref name="randomPorts"/> makes the NAT symmetric
    /// (<c>masquerade random</c>: a new source port per destination).
    /// </summary>
    public async Task<MeshLabNode> AddSpokeAsync(string name, bool behindNat = false, bool punch = false, bool randomPorts = false, CancellationToken cancellationToken = default)
    {
        var node = await PrepareSpokeAsync(name, behindNat, withToken: true, punch, randomPorts, cancellationToken);
        await StartAsync(node, cancellationToken);
        return node;
    }

    /// <summary>
    /// Creates a spoke's host, token and config without starting its agent (to time the join from the start).
    /// Without a token the spoke waits in the hub's pending list until <c>meshctl admit</c>.
    /// </summary>
    public Task<MeshLabNode> PrepareSpokeAsync(string name, bool behindNat = false, bool withToken = true, bool punch = false, bool randomPorts = false, CancellationToken cancellationToken = default) =>
        PrepareSpokeAsync(name, Hub, behindNat, withToken, punch, randomPorts, cancellationToken);

    /// <summary>
    /// As <see cref="PrepareSpokeAsync(string, bool, bool, bool, bool, CancellationToken)"/>, with <paramref name="via"/> as the only hub
    /// in its mesh.hubs (its key and mesh address as the admin hub knows them).
    /// </summary>
    public async Task<MeshLabNode> PrepareSpokeAsync(string name, MeshLabNode via, bool behindNat = false, bool withToken = true, bool punch = false, bool randomPorts = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(via);
        if (_underlay is null)
        {
            throw new InvalidOperationException("Start the hub first.");
        }

        var host = await _lab.AddHostAsync(name);
        string address;
        if (behindNat)
        {
            var index = _nextNat++;
            var nat = await _lab.AddHostAsync($"nat{index}");
            var outside = string.Create(CultureInfo.InvariantCulture, $"192.0.2.{250 - index}");
            await _lab.ConnectAsync(nat, "eth0", outside + "/24", _underlay);
            address = string.Create(CultureInfo.InvariantCulture, $"10.99.{index}.2");
            await _lab.LinkAsync(nat, "eth1", string.Create(CultureInfo.InvariantCulture, $"10.99.{index}.1/24"), host, "eth0", address + "/24");
            await nat.RunCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
            // Masquerade only, no port mapping: nothing from outside reaches the spoke unless it spoke first. Like a home
            // router, the NAT drops unsolicited packets to itself from outside; a dropped packet leaves no conntrack entry,
            // so a peer's early punching packet cannot take the tuple the spoke's own packets will need.
            await nat.RunCheckedAsync("nft", "add table ip masq ; add chain ip masq post { type nat hook postrouting priority 100 ; } ; add rule ip masq post oifname eth0 masquerade" + (randomPorts ? " random" : string.Empty)
                + " ; add chain ip masq in { type filter hook input priority 0 ; } ; add rule ip masq in iifname eth0 ct state new drop");
            await host.RunCheckedAsync("ip", "route", "add", "default", "via", string.Create(CultureInfo.InvariantCulture, $"10.99.{index}.1"));
        }
        else
        {
            address = string.Create(CultureInfo.InvariantCulture, $"192.0.2.{_nextHost++}");
            await _lab.ConnectAsync(host, "eth0", address + "/24", _underlay);
        }

        var node = new MeshLabNode(host, name, address, Path.Combine(_lab.Directory, name), isHub: false, behindNat);
        var endpoint = behindNat ? string.Empty : $"\n  endpoint: \"{address}:{WireGuardPort}\"";
        await WriteSpokeConfigAsync(node, via, endpoint, withToken, punch ? "nat:\n  port_mapping: off" : string.Empty, cancellationToken);
        return node;
    }

    /// <summary>
    /// Creates a spoke behind a router running the real miniupnpd (NAT-PMP, PCP and UPnP IGD) with
    /// <c>nat.port_mapping: auto</c> and no configured endpoint, without starting its agent. The router's WAN leg is on
    /// the underlay; its external address <see cref="RouterExternalAddress"/> (miniupnpd refuses to report a reserved
    /// one) is SNAT source and DNAT target, routed through the router's underlay address on every node made so far.
    /// </summary>
    public async Task<(MeshLabNode Node, LabHost Router)> PrepareSpokeBehindUpnpRouterAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_underlay is null)
        {
            throw new InvalidOperationException("Start the hub first.");
        }

        var index = _nextNat++;
        var host = await _lab.AddHostAsync(name);
        var router = await _lab.AddHostAsync($"upnp{index}");
        var outside = string.Create(CultureInfo.InvariantCulture, $"192.0.2.{250 - index}");
        await _lab.ConnectAsync(router, "eth0", outside + "/24", _underlay);
        await router.RunCheckedAsync("ip", "addr", "add", RouterExternalAddress + "/32", "dev", "eth0");
        var lan = string.Create(CultureInfo.InvariantCulture, $"10.98.{index}");
        await _lab.LinkAsync(router, "eth1", lan + ".1/24", host, "eth0", lan + ".2/24");
        await host.RunCheckedAsync("ip", "route", "add", "default", "via", lan + ".1");
        await router.RunCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
        (await router.RunAsync("nft", ["-f", "-"], TimeSpan.FromSeconds(30), UpnpRouterRuleset, cancellationToken)).EnsureSuccess();
        foreach (var other in _nodes)
        {
            await other.Host.RunCheckedAsync("ip", "route", "replace", RouterExternalAddress + "/32", "via", outside);
        }

        var configPath = Path.Combine(_lab.Directory, $"miniupnpd-{index}.conf");
        await File.WriteAllTextAsync(configPath, $"""
            ext_ifname=eth0
            ext_ip={RouterExternalAddress}
            listening_ip=eth1
            http_port=5000
            enable_upnp=yes
            enable_natpmp=yes
            secure_mode=yes
            upnp_table_name=filter
            upnp_nat_table_name=filter
            upnp_forward_chain=miniupnpd
            upnp_nat_chain=prerouting_miniupnpd
            upnp_nat_postrouting_chain=postrouting_miniupnpd
            uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07c
            allow 1024-65535 {lan}.0/24 1024-65535
            deny 0-65535 0.0.0.0/0 0-65535

            """, cancellationToken);
        // Its own pid file: miniupnpd refuses to start while the default one names a running process (another lab's).
        router.Start("miniupnpd", ["-f", configPath, "-d", "-P", Path.Combine(_lab.Directory, $"miniupnpd-{index}.pid")], new LabProcessOptions { Name = "miniupnpd" });
        var node = new MeshLabNode(host, name, lan + ".2", Path.Combine(_lab.Directory, name), isHub: false, behindNat: true);
        await WriteSpokeConfigAsync(node, Hub, string.Empty, withToken: true, "nat:\n  port_mapping: auto", cancellationToken);
        return (node, router);
    }

    /// <summary>The external address the miniupnpd routers report and translate to (not a reserved range: miniupnpd 2.3.1 refuses those).</summary>
    public const string RouterExternalAddress = "100.128.0.2";

    // ../shared/LAB.md "miniupnpd as the NAT gateway": the nft backend creates no chains, so they are made here.
    private const string UpnpRouterRuleset = $$"""
        table inet filter {
          chain forward { type filter hook forward priority 0; policy drop; ct state established,related accept; iifname "eth1" oifname "eth0" accept; jump miniupnpd; }
          chain miniupnpd { }
          chain prerouting { type nat hook prerouting priority -100; jump prerouting_miniupnpd; }
          chain postrouting { type nat hook postrouting priority 100; jump postrouting_miniupnpd; oifname "eth0" snat ip to {{RouterExternalAddress}}; }
          chain prerouting_miniupnpd { }
          chain postrouting_miniupnpd { }
        }
        """;

    private async Task WriteSpokeConfigAsync(MeshLabNode node, MeshLabNode via, string endpoint, bool withToken, string extraSection, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(node.Directory);
        var join = withToken ? $"join:\n  token: \"{(await MeshctlAsync(Hub, "token", "create", "--ttl", "1h")).Trim()}\"" : string.Empty;
        var viaKey = via == Hub ? _hubKey : (await MeshctlAsync(via, "pubkey")).Trim();
        var viaAddress = via == Hub ? "10.10.11.1" : (await MeshAddressesAsync(Hub))[via.Name];
        await File.WriteAllTextAsync(node.ConfigPath, Config(node, $"""
            mesh:
              prefix: {Prefix}
              backend: userspace{endpoint}
              hubs:
                - name: {via.Name}
                  public_key: "{viaKey}"
                  endpoint: "{via.Underlay}:{WireGuardPort}"
                  address: {viaAddress}
            authority:
              public_key: "{_authorityKey}"
            {join}
            {extraSection}
            """), cancellationToken);
        _nodes.Add(node);
    }

    /// <summary>Starts the node's agent and waits until its local API answers.</summary>
    public async Task StartAsync(MeshLabNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        node.Daemon = node.Host.Start(_daemon, ["run", "--config", node.ConfigPath], new LabProcessOptions { Name = "meshagent", WireGuardRunDirectory = true });
        await Poll.UntilAsync(
            async () => node.Daemon.HasExited
                ? throw new InvalidOperationException($"meshagent on {node.Name} exited:\n{node.Daemon.Output}")
                : (await RunMeshctlRawAsync("status", "--socket", node.ApiSocket)).Succeeded,
            TimeSpan.FromSeconds(60),
            $"meshagent on {node.Name} to answer on its API socket",
            cancellationToken);
    }

    /// <summary>Stops the node's agent with SIGTERM (graceful leave) and waits for it.</summary>
    public static async Task<int> StopAsync(MeshLabNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var exit = node.Daemon is { } daemon ? await daemon.StopAsync(TimeSpan.FromSeconds(20)) : 0;
        node.Daemon = null;
        return exit;
    }

    /// <summary>Kills the node's agent with SIGKILL: no leave, wireguard-go stays as the kernel would keep wg0.</summary>
    public static async Task KillAsync(MeshLabNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Daemon is { } daemon)
        {
            await daemon.SignalAsync(LabSignal.Kill);
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        node.Daemon = null;
    }

    /// <summary>Runs meshctl against <paramref name="node"/>'s socket; throws on a non-zero exit.</summary>
    public Task<string> MeshctlAsync(MeshLabNode node, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(node);
        return RunMeshctlAsync([.. arguments, "--socket", node.ApiSocket]);
    }

    /// <summary>The members <paramref name="node"/> knows, by name, with their state.</summary>
    public Task<Dictionary<string, string>> MemberStatesAsync(MeshLabNode node) => MemberFieldAsync(node, "state");

    /// <summary>The mesh addresses by name, as <paramref name="node"/> knows them.</summary>
    public Task<Dictionary<string, string>> MeshAddressesAsync(MeshLabNode node) => MemberFieldAsync(node, "mesh_ipv4");

    /// <summary>Waits until every running node knows every node named in <paramref name="names"/> as alive (or itself).</summary>
    public Task WaitUntilAllKnowAsync(IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(
            async () =>
            {
                foreach (var node in _nodes.Where(n => n.Daemon is not null))
                {
                    var states = await MemberStatesAsync(node);
                    if (!names.All(n => states.TryGetValue(n, out var state) && state is "alive" or "self"))
                    {
                        return false;
                    }
                }

                return true;
            },
            timeout,
            $"every node to know {string.Join(", ", names)} as alive",
            cancellationToken);

    /// <summary>Pings <paramref name="address"/> from <paramref name="node"/> once (1 s timeout).</summary>
    public static async Task<bool> PingAsync(MeshLabNode node, string address)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (await node.Host.RunAsync("ping", "-c", "1", "-W", "1", address)).Succeeded;
    }

    /// <summary>One field of <c>meshctl members --json</c> by member name; empty while the agent does not answer.</summary>
    private async Task<Dictionary<string, string>> MemberFieldAsync(MeshLabNode node, string field)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = await RunMeshctlRawAsync("members", "--json", "--socket", node.ApiSocket);
        if (!result.Succeeded)
        {
            return [];
        }

        using var json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty(field).GetString()!, StringComparer.Ordinal);
    }

    private async Task<string> RunMeshctlAsync(params string[] arguments)
    {
        var result = await RunMeshctlRawAsync(arguments);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"meshctl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StdErr}");
        }

        return result.StdOut;
    }

    private Task<CommandResult> RunMeshctlRawAsync(params string[] arguments) =>
        CommandRunner.RunAsync(_meshctl, arguments, TimeSpan.FromSeconds(30));

    private string Config(MeshLabNode node, string mesh) => $"""
        node:
          name: {node.Name}
          state_dir: {node.Directory}/state
          runtime_dir: {node.Directory}/run
        http:
          listen: "{node.Underlay}:9473"
          api_socket: {node.ApiSocket}
        {mesh}
        gossip:
          port: 7946
          preset: {GossipPreset}
          key_file: {_gossipKeyFile}
        dns_dhcp:
          interfaces: {DnsInterfaces}
          upstream: []
        {FirewallSection}
        """;
}
