using MeshAgent.Firewall.Firewalld;
using MeshAgent.Firewall.Rules;
using NUnit.Framework;

namespace MeshAgent.Firewall.Tests;

public sealed class FirewalldReconcilerTests
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("meshagent-fwd-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ApplyAsync_Twice_SecondPlanIsEmpty()
    {
        var firewalld = new FakeFirewalld();
        using var reconciler = Reconciler(firewalld, () => SampleSpecs.Spoke);
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "+ add interface wg0 in zone trusted: runtime",
            "+ add port 51820/udp in zone public: runtime",
        }));
        var result = await reconciler.ApplyAsync(plan, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(result.Converged, Is.True);
            Assert.That((await reconciler.PlanAsync(CancellationToken.None)).IsEmpty, Is.True);
            Assert.That(reconciler.InSync, Is.True);
            Assert.That(reconciler.RuleCount, Is.EqualTo(2));
            Assert.That(reconciler.LastApply, Is.Not.Null);
        });
    }

    [Test]
    public async Task ApplyAsync_OneCallRefused_EarlierAddsUndoneAndThrows()
    {
        var firewalld = new FakeFirewalld { Refuse = "port 51820/udp in zone public" };
        using var reconciler = Reconciler(firewalld, () => SampleSpecs.Spoke);
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        var error = Assert.ThrowsAsync<FirewallException>(async () => await reconciler.ApplyAsync(plan, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("INVALID_PORT"));
            Assert.That(firewalld.Runtime, Is.Empty, "the interface added before the refusal is removed again");
        });
    }

    [Test]
    public async Task PlanAsync_SpecShrinks_RemovesOnlyWhatWeAdded()
    {
        var firewalld = new FakeFirewalld();
        firewalld.Runtime.Add(FirewalldSetting.Port("public", 22, "tcp"));
        var spec = SampleSpecs.Spoke with { TcpPorts = [22] };
        using var reconciler = Reconciler(firewalld, () => spec);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        spec = new FirewallSpec { TrustedInterfaces = ["wg0"] };
        var plan = await reconciler.PlanAsync(CancellationToken.None);
        Assert.That(plan.Changes.Select(c => c.ToString()), Is.EqualTo(new[] { "- remove port 51820/udp in zone public: runtime" }), "22/tcp was the admin's");
    }

    [Test]
    public async Task CleanupAsync_RemovesOursKeepsAdminsAndPermanent()
    {
        var firewalld = new FakeFirewalld();
        firewalld.Runtime.Add(FirewalldSetting.Interface("trusted", "wg0"));
        using var reconciler = Reconciler(firewalld, () => SampleSpecs.Spoke, permanent: true);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(firewalld.Runtime, Is.EquivalentTo(new[] { FirewalldSetting.Interface("trusted", "wg0") }));
            Assert.That(firewalld.Permanent, Has.Count.EqualTo(2));
            Assert.That(await reconciler.CleanupAsync(CancellationToken.None), Is.False, "nothing of ours left");
        });
    }

    [Test]
    public async Task Reloaded_Signal_TriggersAPassThatRestoresRuntime()
    {
        var firewalld = new FakeFirewalld();
        var reasons = new List<string>();
        using var reconciler = Reconciler(firewalld, () => SampleSpecs.Spoke, trigger: reasons.Add);
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        firewalld.Reload();
        Assert.That(reasons, Is.EqualTo(new[] { "firewalld-reloaded" }));
        Assert.That((await reconciler.PlanAsync(CancellationToken.None)).Changes, Has.Count.EqualTo(2));
        await reconciler.ApplyAsync(await reconciler.PlanAsync(CancellationToken.None), CancellationToken.None);
        Assert.That(firewalld.Runtime, Has.Count.EqualTo(2));
    }

    private FirewalldReconciler Reconciler(FakeFirewalld firewalld, Func<FirewallSpec> spec, bool permanent = false, Action<string>? trigger = null) => new(
        _ => Task.FromResult<IFirewalldClient>(firewalld),
        spec,
        new FirewalldOptions { Permanent = permanent },
        new FirewalldRecord(Path.Combine(_directory, FirewalldRecord.FileName)),
        trigger);

    /// <summary>firewalld as two sets of settings; a reload clears the runtime one and copies the permanent one in.</summary>
    private sealed class FakeFirewalld : IFirewalldClient
    {
        private Action? _onReloaded;

        public HashSet<FirewalldSetting> Runtime { get; } = [];

        public HashSet<FirewalldSetting> Permanent { get; } = [];

        public string? Refuse { get; init; }

        public void Reload()
        {
            Runtime.Clear();
            Runtime.UnionWith(Permanent);
            _onReloaded?.Invoke();
        }

        public Task<string> GetDefaultZoneAsync(CancellationToken cancellationToken) => Task.FromResult("public");

        public Task<string> GetZoneOfInterfaceAsync(string interfaceName, CancellationToken cancellationToken) =>
            Task.FromResult(Runtime.FirstOrDefault(s => s.Kind == FirewalldSettingKind.Interface && s.Value == interfaceName)?.Zone ?? string.Empty);

        public Task<bool> QueryAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken) => Task.FromResult(Of(scope).Contains(setting));

        public Task AddAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken)
        {
            if (setting.ToString() == Refuse)
            {
                throw new FirewalldCallException("add " + setting, "INVALID_PORT", "INVALID_PORT: refused", new InvalidOperationException());
            }

            Of(scope).Add(setting);
            return Task.CompletedTask;
        }

        public Task RemoveAsync(FirewalldScope scope, FirewalldSetting setting, CancellationToken cancellationToken)
        {
            Of(scope).Remove(setting);
            return Task.CompletedTask;
        }

        public Task<IDisposable> WatchReloadedAsync(Action onReloaded, CancellationToken cancellationToken)
        {
            _onReloaded = onReloaded;
            return Task.FromResult<IDisposable>(new Watch());
        }

        private HashSet<FirewalldSetting> Of(FirewalldScope scope) => scope == FirewalldScope.Runtime ? Runtime : Permanent;

        private sealed class Watch : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
