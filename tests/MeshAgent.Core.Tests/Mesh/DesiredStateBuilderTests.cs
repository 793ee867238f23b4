using System.Net;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Core.Tests.Records;

namespace MeshAgent.Core.Tests.Mesh;

public sealed class DesiredStateBuilderTests
{
    private static readonly MeshSettings Settings = new()
    {
        PrefixV4 = IPNetwork.Parse("10.10.11.0/24"),
    };

    private static readonly NodeRecord Hub1 = Record("hub-1", 1, "10.10.11.1", NodeRole.Hub, "203.0.113.1:51820", "10.10.10.0/24");
    private static readonly NodeRecord Hub2 = Record("hub-2", 2, "10.10.11.2", NodeRole.Hub, "203.0.113.2:51820");
    private static readonly NodeRecord SpokeA = Record("spoke-a", 10, "10.10.11.10", NodeRole.Spoke, null, "10.20.0.0/24");
    private static readonly NodeRecord SpokeB = Record("spoke-b", 11, "10.10.11.11", NodeRole.Spoke, "198.51.100.11:51820", "10.21.0.0/24");
    private static readonly NodeRecord SpokeC = Record("spoke-c", 12, "10.10.11.12", NodeRole.Spoke, "198.51.100.12:51820");

    [Test]
    public void Build_Hub_PeersWithEveryMemberOwnPrefixes_DeadOnesToo()
    {
        var text = Render(Hub1, [Alive(Hub2), Alive(SpokeA), Alive(SpokeB), new(SpokeC, MemberLiveness.Dead)]);

        Assert.That(text, Is.EqualTo("""
            interface wg0 addresses 10.10.11.1/24 port 51820 mtu 1420
            peer hub-2 hub endpoint 203.0.113.2:51820 keepalive 0 allowed 10.10.11.2/32
            peer spoke-a direct endpoint - keepalive 0 allowed 10.10.11.10/32,10.20.0.0/24
            peer spoke-b direct endpoint 198.51.100.11:51820 keepalive 0 allowed 10.10.11.11/32,10.21.0.0/24
            peer spoke-c direct endpoint 198.51.100.12:51820 keepalive 0 allowed 10.10.11.12/32
            host hub-1 10.10.11.1
            host hub-2 10.10.11.2
            host spoke-a 10.10.11.10
            host spoke-b 10.10.11.11
            host spoke-c 10.10.11.12
            sysctl net.ipv4.conf.all.rp_filter=2
            sysctl net.ipv4.ip_forward=1

            """.Replace("\r", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    public void Build_Spoke_PrimaryHubCarriesMeshPrefixAndRelayedSubnets_DirectPeerForEndpoint()
    {
        var text = Render(SpokeC, [Alive(Hub1), Alive(Hub2), Alive(SpokeA), Alive(SpokeB)]);

        Assert.That(text, Is.EqualTo("""
            interface wg0 addresses 10.10.11.12/24 port 51820 mtu 1420
            peer hub-1 hub endpoint 203.0.113.1:51820 keepalive 25 allowed 10.10.10.0/24,10.10.11.0/24,10.10.11.1/32,10.20.0.0/24
            peer hub-2 hub endpoint 203.0.113.2:51820 keepalive 25 allowed 10.10.11.2/32
            peer spoke-b direct endpoint 198.51.100.11:51820 keepalive 25 allowed 10.10.11.11/32,10.21.0.0/24
            relayed spoke-a
            host hub-1 10.10.11.1
            host hub-2 10.10.11.2
            host spoke-a 10.10.11.10
            host spoke-b 10.10.11.11
            host spoke-c 10.10.11.12
            sysctl net.ipv4.conf.all.rp_filter=2

            """.Replace("\r", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    public void Build_SpokeBehindNat_NoDirectPeersEverythingThroughHub()
    {
        var state = Build(SpokeA, [Alive(Hub1), Alive(SpokeB), Alive(SpokeC)]);

        Assert.Multiple(() =>
        {
            Assert.That(state.WireGuard.Peers.Select(p => p.Name), Is.EqualTo(new[] { "hub-1" }));
            Assert.That(state.Relayed, Is.EqualTo(new[] { "spoke-b", "spoke-c" }));
        });
    }

    [Test]
    public void Build_SpokeWhoseDirectPathFailed_RelaysItThroughPrimaryHub()
    {
        var paths = new Dictionary<string, DirectPathState> { [SpokeB.WireGuardPublicKey] = DirectPathState.Failed };

        var state = Build(SpokeC, [Alive(Hub1), Alive(SpokeB)], paths);

        var hub = state.WireGuard.Peers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(hub.Name, Is.EqualTo("hub-1"));
            Assert.That(hub.AllowedIPs.Select(p => p.ToString()), Does.Contain("10.21.0.0/24"));
            Assert.That(state.Relayed, Is.EqualTo(new[] { "spoke-b" }));
        });
    }

    [Test]
    public void Build_SpokeFirstHubDead_SecondHubBecomesPrimary()
    {
        var state = Build(SpokeC, [new(Hub1, MemberLiveness.Dead), Alive(Hub2)]);

        var hub2 = state.WireGuard.Peers.Single(p => p.Name == "hub-2");
        Assert.That(hub2.AllowedIPs.Select(p => p.ToString()), Does.Contain("10.10.11.0/24"));
        Assert.That(state.WireGuard.Peers.Single(p => p.Name == "hub-1").AllowedIPs.Select(p => p.ToString()), Does.Not.Contain("10.10.11.0/24"));
    }

    [Test]
    public void Build_SpokeWithoutRecordsYet_UsesBootstrapHubFromConfig()
    {
        var settings = Settings with
        {
            BootstrapHubs = [new BootstrapHub("hub-1", Hub1.WireGuardPublicKey, IPEndPoint.Parse("203.0.113.1:51820"), IPAddress.Parse("10.10.11.1"))],
        };

        var state = DesiredStateBuilder.Build(new DesiredStateInput(settings, SpokeC, [], new Dictionary<string, DirectPathState>()));

        var peer = state.WireGuard.Peers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(peer.Name, Is.EqualTo("hub-1"));
            Assert.That(peer.AllowedIPs.Select(p => p.ToString()), Is.EqualTo(new[] { "10.10.11.0/24", "10.10.11.1/32" }));
            Assert.That(peer.PersistentKeepalive, Is.EqualTo(TimeSpan.FromSeconds(25)));
        });
    }

    [Test]
    public void Build_TwoMembersClaimSameSubnet_FirstByNameWinsAndProblemReported()
    {
        var rival = Record("spoke-0", 20, "10.10.11.20", NodeRole.Spoke, "198.51.100.20:51820", "10.21.0.0/24");

        var state = Build(Hub1, [Alive(SpokeB), Alive(rival)]);

        var owners = state.WireGuard.Peers.Where(p => p.AllowedIPs.Any(a => a.ToString() == "10.21.0.0/24")).Select(p => p.Name);
        Assert.Multiple(() =>
        {
            Assert.That(owners, Is.EqualTo(new[] { "spoke-0" }));
            Assert.That(state.Problems, Has.Count.EqualTo(1).And.Some.Contains("10.21.0.0/24"));
        });
    }

    [Test]
    public void Build_HubWithLeftMember_KeepsPeerForItsReturnButNoName()
    {
        var state = Build(Hub1, [new(SpokeB, MemberLiveness.Left)]);

        Assert.Multiple(() =>
        {
            Assert.That(state.WireGuard.Peers.Select(p => p.Name), Is.EqualTo(new[] { "spoke-b" }));
            Assert.That(state.MeshHosts.Select(h => h.Name), Is.EqualTo(new[] { "hub-1" }));
        });
    }

    [Test]
    public void Build_SpokeWithLeftMember_NoDirectPeerAndNoName()
    {
        var state = Build(SpokeC, [Alive(Hub1), new(SpokeB, MemberLiveness.Left)]);

        Assert.Multiple(() =>
        {
            Assert.That(state.WireGuard.Peers.Select(p => p.Name), Is.EqualTo(new[] { "hub-1" }));
            Assert.That(state.MeshHosts.Select(h => h.Name), Is.EqualTo(new[] { "hub-1", "spoke-c" }));
        });
    }

    [Test]
    public void Build_MembersInAnyOrder_SameState()
    {
        var members = new List<MeshMember> { Alive(Hub1), Alive(Hub2), Alive(SpokeA), Alive(SpokeB) };
        var expected = Build(SpokeC, members);
        var random = new Random(42);

        for (var i = 0; i < 50; i++)
        {
            var shuffled = members.OrderBy(_ => random.Next()).ToList();
            Assert.That(Build(SpokeC, shuffled), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Build_NoPrefixOnTwoPeers_AcrossRandomMeshes()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var members = Enumerable.Range(0, random.Next(1, 12)).Select(i => new MeshMember(
                Record($"n{i}", (byte)(i + 30), $"10.10.11.{i + 30}", random.Next(4) == 0 ? NodeRole.Hub : NodeRole.Spoke,
                    random.Next(2) == 0 ? $"198.51.100.{i + 30}:51820" : null,
                    random.Next(3) == 0 ? $"10.{random.Next(40, 44)}.0.0/16" : null),
                (MemberLiveness)random.Next(4))).ToList();
            var self = random.Next(2) == 0 ? Hub1 : SpokeC;

            var peers = Build(self, members).WireGuard.Peers;

            var all = peers.SelectMany(p => p.AllowedIPs).ToList();
            Assert.That(all, Is.Unique, $"round {round}");
        }
    }

    [Test]
    public void Build_BridgingSpoke_ForwardsAndKeepsBridgedFramesOutOfIptables()
    {
        var state = DesiredStateBuilder.Build(new DesiredStateInput(Settings with { Bridging = true }, SpokeC, [], new Dictionary<string, DirectPathState>()));

        Assert.Multiple(() =>
        {
            Assert.That(state.Sysctls["net.ipv4.ip_forward"], Is.EqualTo("1"));
            Assert.That(state.Sysctls["net.bridge.bridge-nf-call-iptables"], Is.EqualTo("0"));
        });
    }

    [Test]
    public void BridgeOnly_NoMesh_NoDeviceAndTheBridgingSysctlsOfAMeshHost()
    {
        var bridgeOnly = DesiredStateBuilder.BridgeOnly();
        var bridgingSpoke = DesiredStateBuilder.Build(new DesiredStateInput(Settings with { Bridging = true }, SpokeC, [], new Dictionary<string, DirectPathState>()));

        Assert.Multiple(() =>
        {
            Assert.That(bridgeOnly.WireGuard.Peers, Is.Empty);
            Assert.That(bridgeOnly.Sysctls, Is.EqualTo(new Dictionary<string, string>
            {
                ["net.bridge.bridge-nf-call-ip6tables"] = "0",
                ["net.bridge.bridge-nf-call-iptables"] = "0",
                ["net.ipv4.ip_forward"] = "1",
            }));
            // The same values a bridging mesh host gets; the mesh adds only its own (rp_filter).
            Assert.That(bridgeOnly.Sysctls.All(kv => bridgingSpoke.Sysctls[kv.Key] == kv.Value), Is.True);
        });
    }

    [Test]
    public void Build_IPv6Mesh_AddressesAndHostPrefixes()
    {
        var settings = Settings with { PrefixV6 = IPNetwork.Parse("fd10:10:11::/64") };
        var hub = RecordSamples.Hub() with { WireGuardPublicKey = Hub1.WireGuardPublicKey };
        var spoke = SpokeC with { MeshIPv6 = IPAddress.Parse("fd10:10:11::12") };

        var state = DesiredStateBuilder.Build(new DesiredStateInput(settings, spoke, [Alive(hub)], new Dictionary<string, DirectPathState>()));

        Assert.Multiple(() =>
        {
            Assert.That(state.WireGuard.Addresses, Is.EqualTo(new[] { "10.10.11.12/24", "fd10:10:11::12/64" }));
            Assert.That(state.WireGuard.Peers.Single().AllowedIPs.Select(p => p.ToString()), Does.Contain("fd10:10:11::/64").And.Contain("fd10:10:11::1/128"));
        });
    }

    private static readonly NodeRecord Phone = Record("phone", 20, "10.10.11.20", NodeRole.Client, null) with { ViaHubs = ["hub-2"] };

    [Test]
    public void Build_HubNamedByClient_PeersItWithoutEndpoint()
    {
        var state = Build(Hub2, [Alive(Hub1), Alive(Phone), Alive(SpokeA)]);

        var phone = state.WireGuard.Peers.Single(p => p.Name == "phone");
        Assert.Multiple(() =>
        {
            Assert.That(phone.Kind, Is.EqualTo(PathKind.Client));
            Assert.That(phone.Endpoint, Is.Null, "WireGuard learns a client's endpoint from its handshakes");
            Assert.That(phone.AllowedIPs.Select(p => p.ToString()), Is.EqualTo(new[] { "10.10.11.20/32" }));
            Assert.That(state.MeshHosts.Select(h => h.Name), Does.Contain("phone"), "the client's name resolves");
        });
    }

    [Test]
    public void Build_OtherHub_RoutesClientThroughTheHubItNames()
    {
        var text = Render(Hub1, [Alive(Hub2), Alive(Phone)]);

        Assert.That(text, Does.Contain("peer hub-2 hub endpoint 203.0.113.2:51820 keepalive 0 allowed 10.10.11.2/32,10.10.11.20/32\n"));
        Assert.That(text, Does.Not.Contain("peer phone"));
    }

    [Test]
    public void Build_SpokeWhosePrimaryHubIsNotTheClientsHub_RoutesClientThroughTheClientsHub()
    {
        var state = Build(SpokeC, [Alive(Hub1), Alive(Hub2), Alive(Phone), Alive(SpokeB)]);

        var allowed = state.WireGuard.Peers.ToDictionary(p => p.Name, p => p.AllowedIPs.Select(a => a.ToString()).ToList());
        Assert.Multiple(() =>
        {
            Assert.That(allowed.Keys, Is.EquivalentTo(new[] { "hub-1", "hub-2", "spoke-b" }), "no direct peer for a client");
            Assert.That(allowed["hub-2"], Does.Contain("10.10.11.20/32"));
            Assert.That(allowed["hub-1"], Does.Contain("10.10.11.0/24").And.Not.Contain("10.10.11.20/32"));
        });
    }

    [Test]
    public void Build_SpokeWhosePrimaryHubServesTheClient_MeshPrefixSuffices()
    {
        var phone = Phone with { ViaHubs = ["hub-1"] };

        var state = Build(SpokeC, [Alive(Hub1), Alive(Hub2), Alive(phone)]);

        Assert.Multiple(() =>
        {
            Assert.That(state.WireGuard.Peers.Select(p => p.Name), Is.EquivalentTo(new[] { "hub-1", "hub-2" }));
            Assert.That(state.WireGuard.Peers.SelectMany(p => p.AllowedIPs).Select(a => a.ToString()), Does.Not.Contain("10.10.11.20/32"));
            Assert.That(state.Problems, Is.Empty);
        });
    }

    [Test]
    public void Build_ClientsHubUnreachable_FallsBackToTheNextHubItNames()
    {
        var phone = Phone with { ViaHubs = ["hub-2", "hub-3"] };
        var hub3 = Record("hub-3", 3, "10.10.11.3", NodeRole.Hub, "203.0.113.3:51820");

        var state = Build(Hub1, [new(Hub2, MemberLiveness.Dead), Alive(hub3), Alive(phone)]);

        var allowed = state.WireGuard.Peers.ToDictionary(p => p.Name, p => p.AllowedIPs.Select(a => a.ToString()).ToList());
        Assert.Multiple(() =>
        {
            Assert.That(allowed["hub-3"], Does.Contain("10.10.11.20/32"));
            Assert.That(allowed["hub-2"], Does.Not.Contain("10.10.11.20/32"));
        });
    }

    [Test]
    public void Build_HubWithIsolatedSpoke_NoPeerAndNoNameForIt()
    {
        var input = new DesiredStateInput(Settings, Hub1, [Alive(Hub2), Alive(SpokeB), Alive(SpokeC)], new Dictionary<string, DirectPathState>())
        {
            Isolated = new HashSet<string> { SpokeB.WireGuardPublicKey },
        };

        var text = DesiredStateText.Render(DesiredStateBuilder.Build(input));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("spoke-b"));
            Assert.That(text, Does.Contain("peer spoke-c direct"));
        });
    }

    [Test]
    public void Build_SpokeWithIsolatedPrimaryHub_NextHubCarriesThePrefix_NoBootstrapPeerForIt()
    {
        var settings = Settings with
        {
            BootstrapHubs = [new BootstrapHub("hub-1", Hub1.WireGuardPublicKey, IPEndPoint.Parse("203.0.113.1:51820"), IPAddress.Parse("10.10.11.1"))],
        };
        var input = new DesiredStateInput(settings, SpokeC, [Alive(Hub1), Alive(Hub2)], new Dictionary<string, DirectPathState>())
        {
            Isolated = new HashSet<string> { Hub1.WireGuardPublicKey },
        };

        var text = DesiredStateText.Render(DesiredStateBuilder.Build(input));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("hub-1"));
            Assert.That(text, Does.Contain("peer hub-2 hub endpoint 203.0.113.2:51820 keepalive 25 allowed 10.10.11.0/24,10.10.11.2/32"));
        });
    }

    private static MeshMember Alive(NodeRecord record) => new(record, MemberLiveness.Alive);

    private static DesiredState Build(NodeRecord self, IReadOnlyList<MeshMember> members, Dictionary<string, DirectPathState>? paths = null) =>
        DesiredStateBuilder.Build(new DesiredStateInput(Settings, self, members, paths ?? []));

    private static string Render(NodeRecord self, IReadOnlyList<MeshMember> members) => DesiredStateText.Render(Build(self, members));

    private static NodeRecord Record(string name, byte key, string address, NodeRole role, string? endpoint, string? subnet = null) => new()
    {
        Name = name,
        WireGuardPublicKey = RecordSamples.Key(key),
        MeshIPv4 = IPAddress.Parse(address),
        Role = role,
        Endpoints = endpoint is null ? [] : [IPEndPoint.Parse(endpoint)],
        Subnets = subnet is null ? [] : [IPNetwork.Parse(subnet)],
        Serial = 1,
        IssuedAt = RecordSamples.Now,
        ExpiresAt = RecordSamples.Now.AddDays(1),
    };
}
