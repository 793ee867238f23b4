using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Mesh;

/// <summary>
/// Computes the <see cref="DesiredState"/>: a pure function, no I/O, no clock. The rules:
/// <list type="bullet">
/// <item>A hub has every member with a valid record as a peer with its own /32 (/128) and its subnets, alive or
/// not: a member that restarts must reach its hub through the tunnel before gossip can call it alive again.</item>
/// <item>A spoke has every hub as a peer; the primary hub (first reachable hub by name) also carries the whole
/// mesh prefix and the subnets of members that are relayed, so everything reaches everyone through it.</item>
/// <item>A spoke with an advertised endpoint adds another reachable spoke with an advertised endpoint as a direct
/// peer (/32 wins by longest prefix) unless that path has failed; then it is relayed until the retry. Both ends
/// must advertise one: WireGuard answers only peers it knows, so a spoke behind NAT (no endpoint) could never
/// complete a handshake with a spoke that has no peer for it, and would black-hole its traffic while trying.</item>
/// <item>A client (a device without the agent) is a peer only of the hubs its record names, without an endpoint (it
/// has none: WireGuard learns it from the client's handshakes). Everyone else adds the client's /32 to the peer of
/// the first of those hubs it knows (reachable preferred); a spoke whose primary hub serves it needs nothing extra.
/// Clients never get direct peers.</item>
/// <item>No prefix is ever given to two peers (WireGuard would silently move it): the first claimant by name
/// wins and the conflict is reported.</item>
/// <item>An isolated key (<see cref="DesiredStateInput.Isolated"/>, an authority command) gets no peer, no name
/// and no bootstrap entry, on hubs and spokes alike.</item>
/// </list>
/// </summary>
public static class DesiredStateBuilder
{
    /// <summary>Builds the desired state.</summary>
    public static DesiredState Build(DesiredStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var isolated = input.Isolated;
        var settings = isolated.Count == 0
            ? input.Settings
            : input.Settings with { BootstrapHubs = [.. input.Settings.BootstrapHubs.Where(h => !isolated.Contains(h.PublicKey))] };
        var self = input.Self;
        var members = input.Members
            .Where(m => m.Record.WireGuardPublicKey != self.WireGuardPublicKey && m.Record.Name != self.Name)
            .Where(m => !isolated.Contains(m.Record.WireGuardPublicKey))
            .OrderBy(m => m.Record.Name, StringComparer.Ordinal)
            .ToList();
        var claims = new PrefixClaims(self);
        var relayed = new List<string>();
        var peers = self.Role == NodeRole.Hub
            ? HubPeers(settings, self, members, claims)
            : SpokePeers(settings, self, members, input.Paths, claims, relayed);

        var wireGuard = new DesiredInterface(
            settings.InterfaceName,
            InterfaceAddresses(settings, self),
            settings.ListenPort,
            settings.Mtu,
            [.. peers.OrderBy(p => p.PublicKey, StringComparer.Ordinal)]);

        return new DesiredState(wireGuard, MeshHosts(self, members), Sysctls(settings, self), relayed, claims.Problems);
    }

    private static List<DesiredPeer> HubPeers(MeshSettings settings, NodeRecord self, List<MeshMember> members, PrefixClaims claims)
    {
        var peers = new List<DesiredPeer>();
        var clientRoutes = ClientRoutes(self, members);
        foreach (var member in members)
        {
            var record = member.Record;
            if (record.Role == NodeRole.Client)
            {
                if (record.ViaHubs.Contains(self.Name, StringComparer.Ordinal))
                {
                    peers.Add(new DesiredPeer(record.WireGuardPublicKey, record.Name, null, claims.Claim(record.Name, OwnPrefixes(record)), TimeSpan.Zero, PathKind.Client));
                }

                continue;
            }

            var isHub = record.Role == NodeRole.Hub;
            var prefixes = OwnPrefixes(record);
            if (isHub && clientRoutes.TryGetValue(record.Name, out var served))
            {
                prefixes.AddRange(served);
            }

            peers.Add(new DesiredPeer(
                record.WireGuardPublicKey,
                record.Name,
                FirstEndpoint(record),
                claims.Claim(record.Name, prefixes),
                TimeSpan.Zero,
                isHub ? PathKind.Hub : PathKind.Direct));
        }

        AddBootstrapHubs(settings, members, peers, claims, primaryName: null, TimeSpan.Zero);
        return peers;
    }

    private static List<DesiredPeer> SpokePeers(
        MeshSettings settings,
        NodeRecord self,
        List<MeshMember> members,
        IReadOnlyDictionary<string, DirectPathState> paths,
        PrefixClaims claims,
        List<string> relayed)
    {
        var hubs = members.Where(m => m.Record.Role == NodeRole.Hub).ToList();
        var primary = hubs.FirstOrDefault(h => h.IsReachable)?.Record.Name
            ?? hubs.FirstOrDefault()?.Record.Name
            ?? settings.BootstrapHubs.OrderBy(h => h.Name, StringComparer.Ordinal).FirstOrDefault()?.Name;

        // Direct peers first, so their /32s and subnets are claimed before the relayed rest goes to the hub.
        var peers = new List<DesiredPeer>();
        var relayedMembers = new List<MeshMember>();
        foreach (var member in members.Where(m => m.Record.Role == NodeRole.Spoke && m.IsReachable))
        {
            var record = member.Record;
            var state = paths.GetValueOrDefault(record.WireGuardPublicKey, DirectPathState.Untried);
            if (self.Endpoints.Count > 0 && record.Endpoints.Count > 0 && state != DirectPathState.Failed)
            {
                peers.Add(new DesiredPeer(
                    record.WireGuardPublicKey,
                    record.Name,
                    record.Endpoints[0],
                    claims.Claim(record.Name, OwnPrefixes(record)),
                    settings.PersistentKeepalive,
                    PathKind.Direct));
            }
            else
            {
                relayedMembers.Add(member);
            }
        }

        var clientRoutes = ClientRoutes(self, members);
        foreach (var hub in hubs)
        {
            var record = hub.Record;
            var prefixes = OwnPrefixes(record);
            if (record.Name == primary)
            {
                prefixes.AddRange(MeshPrefixes(settings));
                foreach (var other in relayedMembers)
                {
                    prefixes.AddRange(RelayedPrefixes(settings, other.Record));
                }
            }
            else if (clientRoutes.TryGetValue(record.Name, out var served))
            {
                // The primary hub's mesh prefix would send these to a hub that has no peer for them.
                prefixes.AddRange(served);
            }

            peers.Add(new DesiredPeer(
                record.WireGuardPublicKey,
                record.Name,
                FirstEndpoint(record),
                claims.Claim(record.Name, prefixes),
                settings.PersistentKeepalive,
                PathKind.Hub));
        }

        AddBootstrapHubs(settings, members, peers, claims, primary, settings.PersistentKeepalive);
        relayed.AddRange(relayedMembers.Select(m => m.Record.Name));
        return peers;
    }

    /// <summary>Hubs from the config whose records have not arrived yet.</summary>
    private static void AddBootstrapHubs(
        MeshSettings settings,
        List<MeshMember> members,
        List<DesiredPeer> peers,
        PrefixClaims claims,
        string? primaryName,
        TimeSpan keepalive)
    {
        foreach (var hub in settings.BootstrapHubs.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            if (members.Any(m => m.Record.WireGuardPublicKey == hub.PublicKey || m.Record.Name == hub.Name)
                || peers.Any(p => p.PublicKey == hub.PublicKey)
                || hub.PublicKey == claims.SelfKey)
            {
                continue;
            }

            var prefixes = new List<IPNetwork> { HostPrefix(hub.Address) };
            if (hub.Name == primaryName)
            {
                prefixes.AddRange(MeshPrefixes(settings));
            }

            peers.Add(new DesiredPeer(hub.PublicKey, hub.Name, hub.Endpoint, claims.Claim(hub.Name, prefixes), keepalive, PathKind.Hub));
        }
    }

    /// <summary>
    /// For every client this node does not peer itself: the hub member it is reached through (the first hub its
    /// record names that this node knows, a reachable one preferred), mapped to the prefixes that hub must carry.
    /// </summary>
    private static Dictionary<string, List<IPNetwork>> ClientRoutes(NodeRecord self, List<MeshMember> members)
    {
        var hubs = members.Where(m => m.Record.Role == NodeRole.Hub).ToDictionary(m => m.Record.Name, StringComparer.Ordinal);
        var routes = new Dictionary<string, List<IPNetwork>>(StringComparer.Ordinal);
        foreach (var client in members.Where(m => m.Record.Role == NodeRole.Client))
        {
            var named = client.Record.ViaHubs;
            if (named.Contains(self.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var known = named.Where(hubs.ContainsKey).ToList();
            var via = known.FirstOrDefault(n => hubs[n].IsReachable) ?? known.FirstOrDefault();
            if (via is not null)
            {
                if (!routes.TryGetValue(via, out var prefixes))
                {
                    routes[via] = prefixes = [];
                }

                prefixes.AddRange(OwnPrefixes(client.Record));
            }
        }

        return routes;
    }

    private static IPEndPoint? FirstEndpoint(NodeRecord record) => record.Endpoints.Count > 0 ? record.Endpoints[0] : null;

    private static List<IPNetwork> OwnPrefixes(NodeRecord record)
    {
        var prefixes = new List<IPNetwork> { HostPrefix(record.MeshIPv4) };
        if (record.MeshIPv6 is not null)
        {
            prefixes.Add(HostPrefix(record.MeshIPv6));
        }

        prefixes.AddRange(record.Subnets);
        return prefixes;
    }

    /// <summary>What the primary hub must carry for a relayed member beyond the mesh prefix itself.</summary>
    private static IEnumerable<IPNetwork> RelayedPrefixes(MeshSettings settings, NodeRecord record)
    {
        foreach (var prefix in OwnPrefixes(record))
        {
            var coveredByMesh = prefix.BaseAddress.AddressFamily == AddressFamily.InterNetwork
                ? settings.PrefixV4.Contains(prefix.BaseAddress) && prefix.PrefixLength >= settings.PrefixV4.PrefixLength
                : settings.PrefixV6 is { } v6 && v6.Contains(prefix.BaseAddress) && prefix.PrefixLength >= v6.PrefixLength;
            if (!coveredByMesh)
            {
                yield return prefix;
            }
        }
    }

    private static IEnumerable<IPNetwork> MeshPrefixes(MeshSettings settings)
    {
        yield return settings.PrefixV4;
        if (settings.PrefixV6 is { } v6)
        {
            yield return v6;
        }
    }

    private static IPNetwork HostPrefix(IPAddress address) =>
        new(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    private static List<string> InterfaceAddresses(MeshSettings settings, NodeRecord self)
    {
        var addresses = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{self.MeshIPv4}/{settings.PrefixV4.PrefixLength}") };
        if (self.MeshIPv6 is not null && settings.PrefixV6 is { } v6)
        {
            addresses.Add(string.Create(CultureInfo.InvariantCulture, $"{self.MeshIPv6}/{v6.PrefixLength}"));
        }

        return addresses;
    }

    private static List<MeshHost> MeshHosts(NodeRecord self, List<MeshMember> members) =>
        [.. members.Where(m => m.Liveness != MemberLiveness.Left).Select(m => m.Record).Append(self)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new MeshHost(r.Name, r.MeshIPv6 is null ? [r.MeshIPv4] : [r.MeshIPv4, r.MeshIPv6]))];

    private static SortedDictionary<string, string> Sysctls(MeshSettings settings, NodeRecord self)
    {
        var sysctls = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // Loose reverse-path filtering: replies may arrive through a hub while the route points at a direct peer.
            ["net.ipv4.conf.all.rp_filter"] = "2",
        };
        var forwards = self.Role == NodeRole.Hub || settings.Bridging || self.Subnets.Count > 0;
        if (forwards)
        {
            AddForwarding(sysctls, ipv6: settings.PrefixV6 is not null);
        }

        if (settings.Bridging)
        {
            AddBridging(sysctls);
        }

        return sysctls;
    }

    /// <summary>
    /// The desired state of a host that bridges its LAN but has no mesh: no WireGuard device or peers, and the
    /// sysctls of a bridging host (it still forwards, and bridged frames stay out of iptables).
    /// </summary>
    public static DesiredState BridgeOnly()
    {
        var sysctls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddForwarding(sysctls, ipv6: false);
        AddBridging(sysctls);
        return new DesiredState(new DesiredInterface("none", [], 0, 0, []), [], sysctls, [], []);
    }

    private static void AddForwarding(SortedDictionary<string, string> sysctls, bool ipv6)
    {
        sysctls["net.ipv4.ip_forward"] = "1";
        if (ipv6)
        {
            sysctls["net.ipv6.conf.all.forwarding"] = "1";
        }
    }

    private static void AddBridging(SortedDictionary<string, string> sysctls)
    {
        // Bridged LAN frames must not traverse iptables (the seed bundle sets the same).
        sysctls["net.bridge.bridge-nf-call-iptables"] = "0";
        sysctls["net.bridge.bridge-nf-call-ip6tables"] = "0";
    }

    /// <summary>Hands out each prefix once; later claimants lose it and a problem is recorded.</summary>
    private sealed class PrefixClaims(NodeRecord self)
    {
        private readonly Dictionary<IPNetwork, string> _owners = new()
        {
            [HostPrefix(self.MeshIPv4)] = self.Name,
        };

        public string SelfKey { get; } = self.WireGuardPublicKey;

        public List<string> Problems { get; } = [];

        public List<IPNetwork> Claim(string claimant, IEnumerable<IPNetwork> prefixes)
        {
            var granted = new List<IPNetwork>();
            foreach (var prefix in prefixes.Distinct())
            {
                if (_owners.TryGetValue(prefix, out var owner))
                {
                    if (owner != claimant)
                    {
                        Problems.Add($"{prefix} is claimed by {owner} and {claimant}; {owner} keeps it");
                    }

                    continue;
                }

                _owners[prefix] = claimant;
                granted.Add(prefix);
            }

            granted.Sort(ComparePrefixes);
            return granted;
        }

        private static int ComparePrefixes(IPNetwork a, IPNetwork b)
        {
            var family = a.BaseAddress.AddressFamily.CompareTo(b.BaseAddress.AddressFamily);
            if (family != 0)
            {
                return family;
            }

            var address = a.BaseAddress.GetAddressBytes().AsSpan().SequenceCompareTo(b.BaseAddress.GetAddressBytes());
            return address != 0 ? address : a.PrefixLength.CompareTo(b.PrefixLength);
        }
    }
}
