using System.Net;

namespace MeshAgent.WireGuard.Tests;

public sealed class DeviceDiffTests
{
    private static readonly WireGuardKey[] Keys = Enumerable.Range(1, 12).Select(i => new WireGuardKey(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
    private static readonly IPNetwork[] Prefixes =
        Enumerable.Range(0, 24).Select(i => IPNetwork.Parse($"10.{i}.0.0/16"))
            .Concat(Enumerable.Range(0, 8).Select(i => IPNetwork.Parse($"fd00:{i:x}::/64"))).ToArray();
    private static readonly IPEndPoint?[] Endpoints = [null, IPEndPoint.Parse("192.0.2.1:51820"), IPEndPoint.Parse("[2001:db8::1]:51820"), IPEndPoint.Parse("192.0.2.2:1")];

    private static WireGuardPeer Peer(int key, params string[] allowed) =>
        new(Keys[key], null, null, TimeSpan.Zero, null, 0, 0, allowed.Select(IPNetwork.Parse).ToList());

    private static WireGuardDevice Device(params WireGuardPeer[] peers) =>
        new("wg0", WireGuardBackendKind.Userspace, Keys[11], null, 51820, 0, peers);

    [Test]
    public void Compute_EqualDevices_IsEmpty()
    {
        var device = Device(Peer(0, "10.0.0.0/24"), Peer(1, "10.1.0.0/24", "fd00::/64"));
        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(device, device)), Is.True);
    }

    [Test]
    public void ComputePeer_SameAsComputeForThatPeer()
    {
        var actual = Device(Peer(0, "10.0.0.0/24"), Peer(1, "10.1.0.0/24"));
        var changed = Peer(1, "10.1.0.0/24", "10.9.0.0/16") with { Endpoint = Endpoints[1] };
        var desired = Device(Peer(0, "10.0.0.0/24"), changed, Peer(2, "10.2.0.0/24"));

        var whole = DeviceDiff.Compute(desired, actual);
        var one = DeviceDiff.ComputePeer(changed, actual.Peers[1]);
        var added = DeviceDiff.ComputePeer(desired.Peers[2], null);

        Assert.That(one, Is.EqualTo(whole.Peers[0]).Using<PeerConfig>(SamePeerConfig));
        Assert.That(added, Is.EqualTo(whole.Peers[1]).Using<PeerConfig>(SamePeerConfig));
        Assert.That(DeviceDiff.ComputePeer(actual.Peers[0], actual.Peers[0]), Is.Null);
        Assert.Throws<ArgumentException>(() => DeviceDiff.ComputePeer(actual.Peers[0], actual.Peers[1]));
    }

    private static bool SamePeerConfig(PeerConfig a, PeerConfig b) =>
        a.PublicKey == b.PublicKey && a.UpdateOnly == b.UpdateOnly && a.Remove == b.Remove && a.PresharedKey == b.PresharedKey
        && Equals(a.Endpoint, b.Endpoint) && a.PersistentKeepalive == b.PersistentKeepalive && a.ReplaceAllowedIPs == b.ReplaceAllowedIPs
        && a.AllowedIPs.SequenceEqual(b.AllowedIPs);

    [Test]
    public void Compute_AllowedIPsInOtherOrder_IsEmpty()
    {
        var desired = Device(Peer(0, "10.0.0.0/24", "fd00::/64"));
        var actual = Device(Peer(0, "fd00::/64", "10.0.0.0/24"));
        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(desired, actual)), Is.True);
    }

    [Test]
    public void Compute_PeerAddedRemovedChanged_MentionsOnlyThose()
    {
        var actual = Device(Peer(0, "10.0.0.0/24"), Peer(1, "10.1.0.0/24"), Peer(2, "10.2.0.0/24"));
        var desired = Device(Peer(0, "10.0.0.0/24"), Peer(1, "10.1.0.0/24", "10.9.0.0/16"), Peer(3, "10.3.0.0/24"));

        var diff = DeviceDiff.Compute(desired, actual);

        Assert.That(diff.PrivateKey, Is.Null);
        Assert.That(diff.ListenPort, Is.Null);
        Assert.That(diff.FirewallMark, Is.Null);
        Assert.That(diff.ReplacePeers, Is.False);
        Assert.That(diff.Peers.Select(p => p.PublicKey), Is.EqualTo(new[] { Keys[2], Keys[1], Keys[3] }));
        Assert.That(diff.Peers[0].Remove, Is.True);
        Assert.That(diff.Peers[1].ReplaceAllowedIPs, Is.True);
        Assert.That(diff.Peers[1].UpdateOnly, Is.True);
        Assert.That(diff.Peers[1].AllowedIPs, Has.Count.EqualTo(2));
        Assert.That(diff.Peers[2].Remove, Is.False);
        Assert.That(diff.Peers[2].AllowedIPs.Single(), Is.EqualTo(IPNetwork.Parse("10.3.0.0/24")));
    }

    [Test]
    public void Compute_OnlyKeepaliveChanged_DoesNotTouchAllowedIPs()
    {
        var actual = Device(Peer(0, "10.0.0.0/24"));
        var desired = Device(Peer(0, "10.0.0.0/24") with { PersistentKeepalive = TimeSpan.FromSeconds(25) });

        var change = DeviceDiff.Compute(desired, actual).Peers.Single();

        Assert.That(change.PersistentKeepalive, Is.EqualTo(TimeSpan.FromSeconds(25)));
        Assert.That(change.ReplaceAllowedIPs, Is.False);
        Assert.That(change.AllowedIPs, Is.Empty);
        Assert.That(change.Endpoint, Is.Null);
        Assert.That(change.PresharedKey, Is.Null);
    }

    [Test]
    public void Compute_PresharedKeyRemoved_SendsZeroKey()
    {
        var actual = Device(Peer(0) with { PresharedKey = Keys[5] });
        var change = DeviceDiff.Compute(Device(Peer(0)), actual).Peers.Single();
        Assert.That(change.PresharedKey, Is.EqualTo(default(WireGuardKey)));
    }

    [Test]
    public void Compute_DesiredWithoutEndpoint_KeepsActualEndpoint()
    {
        var actual = Device(Peer(0) with { Endpoint = Endpoints[1] });
        Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(Device(Peer(0)), actual)), Is.True);
    }

    [Test]
    public void Compute_InterfaceFields_SentOnlyWhenDifferent()
    {
        var actual = Device() with { ListenPort = 1, FirewallMark = 7 };
        var desired = Device() with { ListenPort = 2, FirewallMark = 7, PrivateKey = null };

        var diff = DeviceDiff.Compute(desired, actual);

        Assert.That(diff.ListenPort, Is.EqualTo(2));
        Assert.That(diff.FirewallMark, Is.Null);
        Assert.That(diff.PrivateKey, Is.EqualTo(default(WireGuardKey)), "no desired key removes the actual one");
    }

    [Test]
    public void Compute_PrefixMovesBetweenPeers_ApplyGivesDesired()
    {
        var actual = Device(Peer(0, "10.0.0.0/24", "10.1.0.0/24"), Peer(1, "10.2.0.0/24"));
        var desired = Device(Peer(0, "10.0.0.0/24"), Peer(1, "10.2.0.0/24", "10.1.0.0/24"));

        var applied = UapiDeviceModel.Apply(actual, DeviceDiff.Compute(desired, actual));

        Assert.That(UapiDeviceModel.Render(applied), Is.EqualTo(UapiDeviceModel.Render(desired)));
    }

    [Test]
    public void Compute_RandomStates_ApplyingDiffGivesDesiredAndIsMinimal()
    {
        var random = new Random(424242);
        for (var round = 0; round < 1500; round++)
        {
            var actual = RandomDevice(random);
            var desired = RandomDevice(random);

            var diff = DeviceDiff.Compute(desired, actual);
            var applied = UapiDeviceModel.Apply(actual, diff);

            Assert.That(UapiDeviceModel.Render(applied), Is.EqualTo(UapiDeviceModel.Render(Expected(desired, actual))), $"round {round}");
            Assert.That(DeviceDiff.IsEmpty(DeviceDiff.Compute(desired, applied)), Is.True, $"round {round}: applying twice changes nothing");

            var actualByKey = actual.Peers.ToDictionary(p => p.PublicKey);
            foreach (var change in diff.Peers.Where(c => !c.Remove && actualByKey.ContainsKey(c.PublicKey)))
            {
                var before = actualByKey[change.PublicKey];
                var after = desired.Peers.Single(p => p.PublicKey == change.PublicKey);
                var allowedChanged = !before.AllowedIPs.ToHashSet().SetEquals(after.AllowedIPs);
                Assert.That(change.ReplaceAllowedIPs, Is.EqualTo(allowedChanged), $"round {round}: replace only when the set changed");
                Assert.That(change.PresharedKey is not null || change.Endpoint is not null || change.PersistentKeepalive is not null || allowedChanged,
                    Is.True, $"round {round}: an unchanged peer is not mentioned");
            }
        }
    }

    // A desired peer without endpoint keeps the one it has (WireGuard cannot clear an endpoint).
    private static WireGuardDevice Expected(WireGuardDevice desired, WireGuardDevice actual) => desired with
    {
        Peers = desired.Peers.Select(p => p.Endpoint is null && actual.Peers.FirstOrDefault(a => a.PublicKey == p.PublicKey) is { } a
            ? p with { Endpoint = a.Endpoint }
            : p).ToList(),
    };

    private static WireGuardDevice RandomDevice(Random random)
    {
        var prefixes = Prefixes.OrderBy(_ => random.Next()).ToList();
        var peers = new List<WireGuardPeer>();
        foreach (var key in Keys.Take(8).OrderBy(_ => random.Next()).Take(random.Next(0, 8)))
        {
            var count = Math.Min(random.Next(0, 4), prefixes.Count);
            var allowed = prefixes.Take(count).ToList();
            prefixes.RemoveRange(0, count);
            peers.Add(new WireGuardPeer(
                key,
                random.Next(3) switch { 0 => null, 1 => Keys[9], _ => Keys[10] },
                Endpoints[random.Next(Endpoints.Length)],
                TimeSpan.FromSeconds(random.Next(3) switch { 0 => 0, 1 => 25, _ => 15 }),
                null,
                0,
                0,
                allowed));
        }

        return new WireGuardDevice("wg0", WireGuardBackendKind.Userspace,
            random.Next(3) switch { 0 => null, 1 => Keys[8], _ => Keys[11] },
            null,
            random.Next(3) * 1000,
            (uint)random.Next(2),
            peers);
    }
}
