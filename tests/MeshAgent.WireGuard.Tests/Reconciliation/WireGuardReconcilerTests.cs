using System.Net;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Reconciliation;
using MeshAgent.WireGuard.Reconciliation;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.WireGuard.Tests.Reconciliation;

public sealed class WireGuardReconcilerTests
{
    private static readonly WireGuardKey PrivateKey = WireGuardKeys.GeneratePrivateKey();

    private FakeWireGuardClient _client = null!;
    private FakeLinkControl _links = null!;
    private DesiredInterface? _desired;
    private WireGuardReconciler _reconciler = null!;

    [SetUp]
    public void Create()
    {
        _client = new FakeWireGuardClient();
        _links = new FakeLinkControl(_client);
        _desired = Interface(Peer("hub-1", 1, "10.10.11.0/24", "10.10.11.1/32"), Peer("spoke-b", 2, "10.10.11.11/32"));
        _reconciler = new WireGuardReconciler(_client, _links, () => _desired, PrivateKey, NullLogger<WireGuardReconciler>.Instance);
    }

    [TearDown]
    public void Dispose() => _client.Dispose();

    [Test]
    public async Task PlanAsync_NoDevice_AddsDevicePeersAndLink()
    {
        var plan = await _reconciler.PlanAsync(CancellationToken.None);

        Assert.That(plan.Changes.Select(c => $"{c.Kind} {c.Target.Split(' ')[0]} {c.Target.Split(' ')[1]}"), Is.EqualTo(new[]
        {
            "Add device wg0",
            "Add peer hub-1",
            "Add peer spoke-b",
            "Activate link wg0",
        }));
        Assert.That(_client.Device, Is.Null, "planning must not change anything");
    }

    [Test]
    public async Task ApplyAsync_NoDevice_ConvergesAndSecondPlanIsEmpty()
    {
        var result = await ApplyAsync();
        var again = await _reconciler.PlanAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Converged, Is.True, result.Problem);
            Assert.That(again.IsEmpty, Is.True, string.Join("\n", again.Changes));
            Assert.That(_client.Device!.PrivateKey, Is.EqualTo(PrivateKey));
            Assert.That(_client.Device.ListenPort, Is.EqualTo(51820));
            Assert.That(_links.State, Is.EqualTo(_links.State with { IsUp = true, Mtu = 1420 }));
            Assert.That(_links.State.Addresses, Is.EquivalentTo(new[] { "fe80::1/64", "10.10.11.12/24" }));
        });
    }

    [Test]
    public async Task ApplyAsync_Twice_SecondTimeConfiguresNothing()
    {
        await ApplyAsync();
        var calls = _client.ConfigureCalls;

        var second = await ApplyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.Applied, Is.Empty);
            Assert.That(_client.ConfigureCalls, Is.EqualTo(calls));
        });
    }

    [Test]
    public async Task PlanAsync_PeerGoneAndAllowedIPsChanged_RemoveAndUpdateOnly()
    {
        await ApplyAsync();
        _desired = Interface(Peer("hub-1", 1, "10.10.11.0/24", "10.10.11.1/32", "10.20.0.0/24"));

        var plan = await _reconciler.PlanAsync(CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.Kind), Is.EqualTo(new[] { ChangeKind.Remove, ChangeKind.Update }));
        Assert.That(plan.Changes[1].Detail, Does.Contain("10.20.0.0/24"));
    }

    [Test]
    public async Task ApplyAsync_RandomSequenceOfDesiredStates_AlwaysConvergesToExactlyDesired()
    {
        var random = new Random(2026);
        for (var round = 0; round < 40; round++)
        {
            var peers = Enumerable.Range(1, random.Next(0, 8))
                .Where(_ => random.Next(3) > 0)
                .Select(i => Peer($"n{i}", (byte)i, $"10.10.11.{i + 100}/32", random.Next(2) == 0 ? $"10.{i + 20}.0.0/16" : null))
                .ToArray();
            _desired = Interface(peers) with { Mtu = random.Next(2) == 0 ? 1420 : 1380, Addresses = [random.Next(2) == 0 ? "10.10.11.12/24" : "10.10.11.13/24"] };

            var result = await ApplyAsync();

            Assert.That(result.Converged, Is.True, $"round {round}: {result.Problem}");
            var device = _client.Device!;
            Assert.That(device.Peers.Select(p => p.PublicKey.ToBase64()), Is.EquivalentTo(_desired.Peers.Select(p => p.PublicKey)), $"round {round}");
            Assert.That(_links.State.Addresses.Where(a => !a.StartsWith("fe80", StringComparison.Ordinal)), Is.EquivalentTo(_desired.Addresses), $"round {round}");
            Assert.That(_links.State.Mtu, Is.EqualTo(_desired.Mtu));
        }
    }

    [Test]
    public async Task PlanAsync_MeshOff_EmptyAndTouchesNothing()
    {
        _desired = null;

        var plan = await _reconciler.PlanAsync(CancellationToken.None);
        var result = await _reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(plan.IsEmpty, Is.True);
            Assert.That(result.Converged, Is.True);
            Assert.That(_client.Device, Is.Null);
        });
    }

    private async Task<ReconcileResult> ApplyAsync() =>
        await _reconciler.ApplyAsync(await _reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);

    private static DesiredInterface Interface(params DesiredPeer[] peers) =>
        new("wg0", ["10.10.11.12/24"], 51820, 1420, [.. peers.OrderBy(p => p.PublicKey, StringComparer.Ordinal)]);

    private static DesiredPeer Peer(string name, byte key, params string?[] allowed) => new(
        new WireGuardKey(Enumerable.Repeat(key, 32).ToArray()).ToBase64(),
        name,
        IPEndPoint.Parse($"198.51.100.{key}:51820"),
        [.. allowed.OfType<string>().Select(IPNetwork.Parse)],
        TimeSpan.FromSeconds(25),
        PathKind.Direct);
}
