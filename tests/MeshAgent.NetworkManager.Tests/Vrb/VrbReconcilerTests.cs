using System.Diagnostics.Metrics;
using System.Net;
using MeshAgent.Core.Reconciliation;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;
using MeshAgent.NetworkManager.Tests.Fakes;
using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Vrb;

public sealed class VrbReconcilerTests
{
    private static readonly VrbReconcilerOptions FastOptions = new()
    {
        ActivationTimeout = TimeSpan.Zero,
        ConnectivityTimeout = TimeSpan.Zero,
        PollInterval = TimeSpan.FromMilliseconds(1),
        LinkVanishTimeout = TimeSpan.Zero,
    };

    private static VrbSpec Lan(string address = "10.10.10.1/24", params string[] ports) =>
        new(new LanBridgeSpec("br0", InterfaceAddress.Parse(address), Stp: false, ports.Length == 0 ? ["eth1"] : ports), null);

    private static VrbReconciler Create(FakeNetworkManager nm, VrbSpec spec, FakeConnectivityProbe? probe = null, VrbMetrics? metrics = null) =>
        new(nm, spec, probe ?? new FakeConnectivityProbe(), _ => { }, metrics, FastOptions);

    private static async Task<ReconcileResult> ApplyAsync(VrbReconciler reconciler) =>
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);

    [Test]
    public async Task PlanAsync_EmptyNetworkManager_AddsBridgeAndPortThenActivatesPort()
    {
        var nm = new FakeNetworkManager("eth1");
        await using var reconciler = Create(nm, Lan());

        var plan = await reconciler.PlanAsync(CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "+ add profile meshagent-br0: bridge br0",
            "+ add profile meshagent-br0-port-eth1: port eth1 of br0",
            "* activate profile meshagent-br0-port-eth1: on eth1",
            "* activate profile meshagent-br0: on br0",
        }));
        Assert.That(nm.Calls, Has.None.StartsWith("AddConnection2"), "planning must not change anything");
    }

    [Test]
    public async Task ApplyAsync_EmptyNetworkManager_BuildsBridgeWithPortUnderCheckpoint()
    {
        var nm = new FakeNetworkManager("eth1");
        await using var reconciler = Create(nm, Lan());

        var result = await ApplyAsync(reconciler);

        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That(nm.Render(), Does.Contain("device br0 Bridge managed=True active=meshagent-br0\n")
            .And.Contain("device eth1 Ethernet managed=True active=meshagent-br0-port-eth1\n")
            .And.Contain("  ipv4.address-data=10.10.10.1/24\n")
            .And.Contain("  bridge.stp=false\n")
            .And.Contain("  ipv6.method=disabled\n")
            .And.Contain($"  connection.uuid={ProfileUuid.For("meshagent-br0")}\n"));
        Assert.That(nm.CheckpointsCreated, Is.EqualTo(1));
        Assert.That(nm.OpenCheckpoints, Is.Zero, "the checkpoint is destroyed after success");
        Assert.That(nm.Rollbacks, Is.Zero);
    }

    [Test]
    public async Task ApplyAsync_Twice_SecondPlanEmptyAndNoCheckpoint()
    {
        var nm = new FakeNetworkManager("eth1");
        await using var reconciler = Create(nm, Lan());
        await ApplyAsync(reconciler);
        var state = nm.Render();

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.IsEmpty, Is.True, string.Join("\n", plan.Changes));
        Assert.That(result.Applied, Is.Empty);
        Assert.That(result.Converged, Is.True);
        Assert.That(nm.Render(), Is.EqualTo(state));
        Assert.That(nm.CheckpointsCreated, Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_AddressChanged_UpdatesSameProfileAndReapplies()
    {
        var nm = new FakeNetworkManager("eth1");
        await using var reconciler = Create(nm, Lan());
        await ApplyAsync(reconciler);
        var pathBefore = await nm.GetConnectionByUuidAsync(ProfileUuid.For("meshagent-br0"), CancellationToken.None);

        reconciler.Spec = Lan("10.10.10.2/24");
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "~ update profile meshagent-br0: ipv4.address-data '10.10.10.1/24' -> '10.10.10.2/24'",
        }));
        Assert.That(result.Converged, Is.True, result.Problem);
        Assert.That(await nm.GetConnectionByUuidAsync(ProfileUuid.For("meshagent-br0"), CancellationToken.None), Is.EqualTo(pathBefore));
        Assert.That(nm.Render(), Does.Contain("  ipv4.address-data=10.10.10.2/24\n").And.Not.Contain("10.10.10.1/24"));
        Assert.That(nm.Reapplies, Is.EqualTo(1));
    }

    [Test]
    public async Task ApplyAsync_ConnectivityTargetUnreachable_RollsBackToPreviousStateAndThrows()
    {
        var nm = new FakeNetworkManager("eth1", "eth2");
        var probe = new FakeConnectivityProbe();
        using var metrics = new VrbMetrics();
        using var recorder = new MetricRecorder();
        await using var reconciler = Create(nm, Lan(), probe, metrics);
        await ApplyAsync(reconciler);
        var before = nm.Render();

        reconciler.Spec = Lan("10.10.10.9/24", "eth1", "eth2") with { Connectivity = ConnectivityTarget.Of(IPAddress.Parse("10.10.10.99")) };
        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));

        Assert.That(error!.RolledBack, Is.True);
        Assert.That(error.Problem, Does.Contain("10.10.10.99"));
        Assert.That(nm.Render(), Is.EqualTo(before));
        Assert.That(nm.Rollbacks, Is.EqualTo(1));
        Assert.That(probe.Pinged, Has.Member(IPAddress.Parse("10.10.10.99")));
        Assert.That(recorder.Sum("meshagent.nm.rollbacks"), Is.EqualTo(1));
        Assert.That(recorder.Sum("meshagent.nm.applies"), Is.EqualTo(2));
    }

    [Test]
    public async Task ApplyAsync_GatewayTarget_PingsGatewayFromBeforeTheApply()
    {
        var nm = new FakeNetworkManager("eth1");
        var probe = new FakeConnectivityProbe { Gateway = IPAddress.Parse("192.0.2.254") };
        await using var reconciler = Create(nm, Lan(), probe);

        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));

        Assert.That(error!.Problem, Does.Contain("192.0.2.254"));
        Assert.That(nm.Render(), Does.Not.Contain("meshagent"), "the added profiles are gone after the rollback");
    }

    [Test]
    public async Task ApplyAsync_ActivationNeverCompletes_RollsBack()
    {
        var nm = new FakeNetworkManager("eth1");
        nm.StuckActivations.Add("eth1");
        await using var reconciler = Create(nm, Lan());

        var error = Assert.ThrowsAsync<VrbApplyException>(() => ApplyAsync(reconciler));

        Assert.That(error!.Problem, Does.Contain("not activated").And.Contain("meshagent-br0-port-eth1: Activating"));
        Assert.That(nm.Render(), Does.Not.Contain("meshagent"));
    }

    [Test]
    public async Task ApplyAsync_CancelledWhileWaitingForActivation_RolledBackAndCancelled()
    {
        var nm = new FakeNetworkManager("eth1");
        nm.StuckActivations.Add("eth1");
        await using var reconciler = new VrbReconciler(nm, Lan(), new FakeConnectivityProbe(), _ => { },
            options: FastOptions with { ActivationTimeout = TimeSpan.FromMinutes(10) });
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(() => reconciler.ApplyAsync(plan, cancel.Token));

        Assert.That(nm.Rollbacks, Is.EqualTo(1));
        Assert.That(nm.Render(), Does.Not.Contain("meshagent"));
    }

    [Test]
    public async Task ApplyAsync_ForeignProfiles_NeverTouched()
    {
        var nm = new FakeNetworkManager("eth1", "eth9");
        var foreign = ConnectionSettings.Empty
            .With("connection", "id", SettingValue.Of("Wired eth9"))
            .With("connection", "uuid", SettingValue.Of("11111111-2222-4333-8444-555555555555"))
            .With("connection", "type", SettingValue.Of("802-3-ethernet"))
            .With("connection", "interface-name", SettingValue.Of("eth9"));
        // Looks like ours by name, but its UUID is not the one the id derives to.
        var lookalike = foreign
            .With("connection", "id", SettingValue.Of("meshagent-br7"))
            .With("connection", "uuid", SettingValue.Of("66666666-2222-4333-8444-555555555555"));
        var foreignPath = nm.AddForeign(foreign);
        var lookalikePath = nm.AddForeign(lookalike);
        await using var reconciler = Create(nm, Lan());

        await ApplyAsync(reconciler);
        reconciler.Spec = new VrbSpec(null, null);
        await ApplyAsync(reconciler);

        Assert.That((await nm.GetSettingsAsync(foreignPath, CancellationToken.None)).ToString(), Does.Contain("connection.id=Wired eth9"));
        Assert.That((await nm.GetSettingsAsync(lookalikePath, CancellationToken.None)).ToString(), Does.Contain("connection.id=meshagent-br7"));
        Assert.That(nm.Calls.Where(c => c.Contains("eth9", StringComparison.Ordinal) || c.Contains("br7", StringComparison.Ordinal)), Is.Empty);
        Assert.That(nm.Render(), Does.Not.Contain("meshagent-br0"));
    }

    [Test]
    public async Task ApplyAsync_ExtOnThenOff_AddsThenDeletesOnlyExtProfiles()
    {
        var nm = new FakeNetworkManager("eth1", "eth2");
        await using var reconciler = Create(nm, Lan());
        await ApplyAsync(reconciler);
        var lanOnly = nm.Render();

        reconciler.Spec = Lan() with { Ext = new ExtBridgeSpec("br-ext", ["eth2"], ExtAddressing.None) };
        await ApplyAsync(reconciler);
        var withExt = nm.Render();
        reconciler.Spec = Lan();
        var offPlan = await reconciler.PlanAsync(CancellationToken.None);
        await reconciler.ApplyAsync(offPlan, CancellationToken.None);

        Assert.That(withExt, Does.Contain("device br-ext Bridge managed=True active=meshagent-br-ext\n")
            .And.Contain("device eth2 Ethernet managed=True active=meshagent-br-ext-port-eth2\n"));
        Assert.That(offPlan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "- remove profile meshagent-br-ext: interface br-ext",
            "- remove profile meshagent-br-ext-port-eth2: interface eth2",
        }));
        Assert.That(nm.Render(), Is.EqualTo(lanOnly));
    }

    [Test]
    public async Task ApplyAsync_UnmanagedInterface_SetsDeviceUnmanagedOnce()
    {
        var nm = new FakeNetworkManager("eth1");
        nm.AddLink("wg0", NmDeviceType.WireGuard);
        await using var reconciler = Create(nm, Lan() with { UnmanagedInterfaces = ["wg0", "wg-absent"] });

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.Changes.Select(c => c.ToString()), Has.Member("~ update device wg0: managed -> unmanaged"));
        Assert.That(nm.Render(), Does.Contain("device wg0 WireGuard managed=False"));
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
    }

    [Test]
    public async Task PlanAsync_PortInterfaceMissing_NoActivationAndNotConverged()
    {
        var nm = new FakeNetworkManager();
        await using var reconciler = Create(nm, Lan());

        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);

        Assert.That(plan.Changes.Where(c => c.Kind == ChangeKind.Activate).Select(c => c.Target), Is.EqualTo(new[] { "profile meshagent-br0" }));
        Assert.That(result.Converged, Is.False);
        Assert.That(result.Problem, Does.Contain("interface eth1 (port of br0) does not exist"));
    }

    [Test]
    public async Task PlanAsync_NetworkManagerDown_ThrowsUnavailableAndGaugeZero()
    {
        var nm = new FakeNetworkManager("eth1");
        using var metrics = new VrbMetrics();
        using var recorder = new MetricRecorder();
        await using var reconciler = Create(nm, Lan(), metrics: metrics);
        await reconciler.PlanAsync(CancellationToken.None);
        recorder.Collect();
        var upGauge = recorder.Last("meshagent.nm.reachable");

        nm.Running = false;
        Assert.ThrowsAsync<NetworkManagerUnavailableException>(() => reconciler.PlanAsync(CancellationToken.None));
        recorder.Collect();

        Assert.That(upGauge, Is.EqualTo(1));
        Assert.That(recorder.Last("meshagent.nm.reachable"), Is.Zero);
    }

    [Test]
    public async Task Hints_BurstOfSignals_OneDebouncedReconcileRequest()
    {
        var nm = new FakeNetworkManager("eth1");
        var clock = new ManualTimeProvider();
        var requests = new List<string>();
        await using var reconciler = new VrbReconciler(
            nm, Lan(), new FakeConnectivityProbe(), requests.Add, options: new VrbReconcilerOptions { HintDebounce = TimeSpan.FromSeconds(1) }, time: clock);
        await reconciler.PlanAsync(CancellationToken.None);

        nm.Emit(new NmHint(NmHintKind.DeviceStateChanged, "device 3 100 -> 30"));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        nm.Emit(new NmHint(NmHintKind.NameOwnerChanged, "owner :1.4 -> "));
        clock.Advance(TimeSpan.FromMilliseconds(600));
        var afterBurst = requests.Count;
        clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.That(afterBurst, Is.Zero, "the quiet time restarts with every hint");
        Assert.That(requests, Has.Count.EqualTo(1));
        Assert.That(requests[0], Does.StartWith("NetworkManager owner changed").And.Contain("+1 more"), "an NM restart heads the burst");
    }

    [Test]
    public async Task ApplyAsync_SpecsInRandomOrder_EachConvergesToSameStateAsFromScratch()
    {
        VrbSpec[] specs =
        [
            Lan(),
            Lan("10.10.10.2/24", "eth1", "eth2"),
            Lan() with { Ext = new ExtBridgeSpec("br-ext", ["eth3"], ExtAddressing.Auto) },
            Lan("10.10.10.1/24", "eth2") with { Ext = new ExtBridgeSpec("br-ext", ["eth1", "eth3"], ExtAddressing.Manual, InterfaceAddress.Parse("203.0.113.5/24")) },
            new(null, new ExtBridgeSpec("br-ext", [], ExtAddressing.None)),
            new(null, null),
        ];
        var fromScratch = new Dictionary<int, string>();
        for (var i = 0; i < specs.Length; i++)
        {
            var fresh = new FakeNetworkManager("eth1", "eth2", "eth3");
            await using var r = Create(fresh, specs[i]);
            await ApplyAsync(r);
            fromScratch[i] = ProfilesOnly(fresh.Render());
        }

        var random = new Random(4242);
        var nm = new FakeNetworkManager("eth1", "eth2", "eth3");
        await using var reconciler = Create(nm, specs[0]);
        for (var round = 0; round < 40; round++)
        {
            var i = random.Next(specs.Length);
            reconciler.Spec = specs[i];
            var result = await ApplyAsync(reconciler);

            Assert.That(result.Converged, Is.True, $"round {round} spec {i}: {result.Problem}");
            Assert.That(ProfilesOnly(nm.Render()), Is.EqualTo(fromScratch[i]), $"round {round} spec {i}");
            Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True, $"round {round} spec {i}");
        }
    }

    // Active bridges and ports matter; idle kernel links keep whatever NM left on them.
    private static string ProfilesOnly(string render) =>
        string.Join("\n", render.Split('\n').Where(l => !l.EndsWith("active=-", StringComparison.Ordinal)));

    private sealed class MetricRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, long Value)> _measurements = [];

        public MetricRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VrbMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, _, _) => Add(i.Name, v));
            _listener.SetMeasurementEventCallback<int>((i, v, _, _) => Add(i.Name, v));
            _listener.Start();
        }

        public void Collect() => _listener.RecordObservableInstruments();

        public long Sum(string name)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Name == name).Sum(m => m.Value);
            }
        }

        public long Last(string name)
        {
            lock (_measurements)
            {
                return _measurements.Last(m => m.Name == name).Value;
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(string name, long value)
        {
            lock (_measurements)
            {
                _measurements.Add((name, value));
            }
        }
    }
}
