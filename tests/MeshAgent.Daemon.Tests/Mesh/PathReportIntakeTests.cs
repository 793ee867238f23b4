using System.Net;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Mesh;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Mesh;

public class PathReportIntakeTests
{
    private string _stateDirectory = null!;
    private MeshAuthority _authority = null!;
    private ManualTimeProvider _clock = null!;
    private MeshState _mesh = null!;
    private PathReportBook _book = null!;
    private List<MeshEvent> _events = null!;
    private PathReportIntake _intake = null!;

    [SetUp]
    public void CreateIntake()
    {
        _stateDirectory = Path.Combine(Path.GetTempPath(), "meshagent-reports-" + Guid.NewGuid().ToString("N"));
        _authority = MeshAuthority.Create();
        _clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_780_000_000));
        _mesh = new MeshState(new RecordBook(new RecordVerifier(_authority.PublicKey, _clock)), _stateDirectory, "spoke1", Key(), new MeshMetrics(() => null, () => []), NullLogger<MeshState>.Instance);
        _mesh.Offer([Sign("hub1", 1), Sign("spoke2", 2)], "test");
        _book = new PathReportBook();
        _events = [];
        _intake = new PathReportIntake(_book, _mesh, new PathReportMetrics(() => _book.Reports.Count), "spoke1", _clock, NullLogger<PathReportIntake>.Instance, new ListPublisher(_events));
    }

    [TearDown]
    public void RemoveState()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    [Test]
    public void Take_ReportOfMemberWithRecord_HeldAndAnnouncedOnceWhileItsShapeStays()
    {
        Assert.That(_intake.Take(Part("hub1", 0, "spoke2"), "gossip"), Is.True);
        Assert.That(_intake.Take(Part("hub1", 30, "spoke2"), "gossip"), Is.True, "a newer report with the same paths");
        Assert.That(_intake.Take(Part("hub1", 30, "spoke2"), "gossip"), Is.False, "the same report again: not passed on");

        Assert.That(_book.Reports["hub1"].At, Is.EqualTo(_clock.GetUtcNow().AddSeconds(30)));
        Assert.That(_events.Select(e => (e.Type, e.Subject, e.Detail)), Is.EqualTo(new[] { (MeshEventTypes.PathReport, "hub1", "spoke2 direct") }));
    }

    [Test]
    public void Take_UnknownNameOwnNameOrGarbage_DroppedAndNothingHeld()
    {
        Assert.That(_intake.Take(Part("intruder", 0, "hub1"), "gossip"), Is.False);
        Assert.That(_intake.Take(Part("spoke1", 0, "hub1"), "gossip"), Is.False);
        Assert.That(_intake.Take([.. "MAP1"u8, 1, 2, 3], "gossip"), Is.False);
        Assert.That(_intake.Take(Part("hub1", 3600, "spoke2"), "gossip"), Is.False, "an hour ahead of our clock");

        Assert.That(_book.Reports, Is.Empty);
        Assert.That(_events, Is.Empty);
    }

    [Test]
    public void Prune_MemberFailsOrLeaves_ItsReportGoesAndItMayNotReportAgain()
    {
        _intake.Take(Part("hub1", 0, "spoke2"), "gossip");
        _intake.Take(Part("spoke2", 0, "hub1"), "gossip");

        _mesh.SetLiveness("spoke2", MemberLiveness.Dead);

        Assert.That(_book.Reports.Keys, Is.EqualTo(new[] { "hub1" }));
        Assert.That(_intake.Take(Part("spoke2", 10, "hub1"), "gossip"), Is.False, "a failed member's late report");
        _mesh.SetLiveness("spoke2", MemberLiveness.Alive);
        Assert.That(_intake.Take(Part("spoke2", 20, "hub1"), "gossip"), Is.True, "alive again");
    }

    private byte[] Part(string node, int secondsAhead, string peer) =>
        PathReportCodec.Encode(node, _clock.GetUtcNow().AddSeconds(secondsAhead), [new PathReportEdge(peer, "direct", null, 1, 2, 3)], 1000)[0];

    private byte[] Sign(string name, int host) => _authority.Sign(new NodeRecord
    {
        Name = name,
        WireGuardPublicKey = Key(),
        MeshIPv4 = IPAddress.Parse($"10.10.11.{host}"),
        Role = name.StartsWith("hub", StringComparison.Ordinal) ? NodeRole.Hub : NodeRole.Spoke,
        Serial = 1,
        IssuedAt = _clock.GetUtcNow(),
        ExpiresAt = _clock.GetUtcNow().AddDays(30),
    });

    private static string Key() => WireGuardKeys.PublicKeyOf(WireGuardKeys.GeneratePrivateKey()).ToBase64();

    private sealed class ListPublisher(List<MeshEvent> events) : IMeshEventPublisher
    {
        public void Publish(MeshEvent meshEvent) => events.Add(meshEvent);
    }
}
