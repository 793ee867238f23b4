using System.Net;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Commands;
using MeshAgent.Interop;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Commands;

/// <summary>The receiver's checks in order, with a recording fake for the effects and a real persisted window.</summary>
public sealed class CommandProcessorTests
{
    private static readonly byte[] AuthoritySeed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly IPNetwork Prefix = IPNetwork.Parse("10.10.11.0/24");
    private static readonly IPAddress Admin = IPAddress.Parse("10.10.11.1");

    private DirectoryInfo _state = null!;
    private RecordingEffects _effects = null!;
    private CommandMetrics _metrics = null!;
    private (byte[] Private, byte[] Public) _self;
    private NodeRecord _selfRecord = null!;
    private NodeRecord _subject = null!;
    private List<NodeRecord> _records = [];

    [SetUp]
    public void Create()
    {
        _state = Directory.CreateTempSubdirectory("ma-cmdproc-");
        _effects = new RecordingEffects();
        _metrics = new CommandMetrics(() => 0);
        _self = KeyPair(101);
        _selfRecord = Record("spoke1", _self.Public, "10.10.11.2", NodeRole.Spoke);
        _subject = Record("spoke2", KeyPair(102).Public, "10.10.11.3", NodeRole.Spoke);
        _records = [Record("hub1", KeyPair(100).Public, "10.10.11.1", NodeRole.Hub), _selfRecord, _subject];
    }

    [TearDown]
    public void Remove()
    {
        _metrics.Dispose();
        _state.Delete(recursive: true);
    }

    [Test]
    public void Handle_AuthenticFreshIsolate_AppliedOnceWithTheSubjectRecord()
    {
        var processor = Processor();
        var packet = Sealed(Isolate(SubjectId, 1));

        Assert.Multiple(() =>
        {
            Assert.That(processor.Handle(packet, Admin), Is.Null);
            Assert.That(_effects.Applied, Is.EqualTo(new[] { (CommandIntent.Isolate, "spoke2") }));
        });
    }

    [Test]
    public void Handle_SamePacketTwice_SecondReplayed()
    {
        var processor = Processor();
        var packet = Sealed(Isolate(SubjectId, 5));
        processor.Handle(packet, Admin);

        Assert.Multiple(() =>
        {
            Assert.That(processor.Handle(packet, Admin), Is.EqualTo(CommandRejection.Replayed));
            Assert.That(_effects.Applied, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Handle_OldCounterAfterRestart_Replayed()
    {
        Processor().Handle(Sealed(Isolate(SubjectId, 9)), Admin);

        var restarted = Processor();

        Assert.Multiple(() =>
        {
            Assert.That(restarted.Handle(Sealed(Isolate(SubjectId, 9)), Admin), Is.EqualTo(CommandRejection.Replayed));
            Assert.That(restarted.Handle(Sealed(Isolate(SubjectId, 8)), Admin), Is.EqualTo(CommandRejection.Replayed));
            Assert.That(restarted.Handle(Sealed(Isolate(SubjectId, 10)), Admin), Is.Null);
        });
    }

    [Test]
    public void Handle_PacketForAnotherNode_BadMac_WindowUnmoved()
    {
        var processor = Processor();
        var forOther = CommandPacket.Seal(Isolate(SubjectId, 50), CommandKeys.ForNode(AuthoritySeed, _subject.WireGuardPublicKeyBytes()));

        Assert.Multiple(() =>
        {
            Assert.That(processor.Handle(forOther, Admin), Is.EqualTo(CommandRejection.BadMac));
            Assert.That(processor.Handle(Sealed(Isolate(SubjectId, 2)), Admin), Is.Null, "a forgery must not move the window");
        });
    }

    [Test]
    public void Handle_FromOutsideTheMeshPrefix_ForeignSource()
    {
        Assert.That(Processor().Handle(Sealed(Isolate(SubjectId, 1)), IPAddress.Parse("192.0.2.1")), Is.EqualTo(CommandRejection.ForeignSource));
    }

    [Test]
    public void Handle_TargetRoleHubOnASpoke_NotSelected()
    {
        var packet = Sealed(new CommandHeader(CommandIntent.ReconcileNow, CommandTarget.OfRole(NodeRole.Hub), 0, 1));

        Assert.That(Processor().Handle(packet, Admin), Is.EqualTo(CommandRejection.NotSelected));
    }

    [Test]
    public void Handle_IntentThisVersionDoesNotKnow_CountedNeverApplied()
    {
        var packet = Sealed(new CommandHeader((CommandIntent)CommandIntents.MaxValue, CommandTarget.All, 0, 1));

        Assert.Multiple(() =>
        {
            Assert.That(Processor().Handle(packet, Admin), Is.EqualTo(CommandRejection.UnknownIntent));
            Assert.That(_effects.Applied, Is.Empty);
        });
    }

    [Test]
    public void Handle_SubjectWithoutRecord_UnknownSubject()
    {
        Assert.That(Processor().Handle(Sealed(Isolate(200, 1)), Admin), Is.EqualTo(CommandRejection.UnknownSubject));
    }

    [Test]
    public void Handle_TwoRecordsShareTheSubjectHostId_UnknownSubject()
    {
        // Same low 16 bits (0x0B03) in a wider prefix: the subject id no longer names one node.
        _records.Add(Record("far", KeyPair(103).Public, "10.11.11.3", NodeRole.Spoke));

        Assert.That(Processor().Handle(Sealed(Isolate(NodeHostId.Of(_subject.MeshIPv4), 1)), Admin), Is.EqualTo(CommandRejection.UnknownSubject));
    }

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(17)]
    [TestCase(9000)]
    public void Handle_WrongSize_Dropped(int length)
    {
        Assert.That(Processor().Handle(new byte[length], Admin), Is.EqualTo(CommandRejection.WrongSize));
    }

    private ushort SubjectId => NodeHostId.Of(_subject.MeshIPv4);

    private CommandProcessor Processor() => new(
        CommandKeys.ForSelf(_self.Private, _self.Public, Ed25519.PublicKey(AuthoritySeed)),
        PersistentReplayWindow.Open(_state.FullName, Ed25519.PublicKey(AuthoritySeed)),
        () => _selfRecord,
        () => _records,
        Prefix,
        _effects,
        _metrics,
        NullLogger<CommandProcessor>.Instance);

    private byte[] Sealed(CommandHeader header) => CommandPacket.Seal(header, CommandKeys.ForNode(AuthoritySeed, _self.Public));

    private static CommandHeader Isolate(ushort subject, uint counter) => new(CommandIntent.Isolate, CommandTarget.All, subject, counter);

    private static (byte[] Private, byte[] Public) KeyPair(int start)
    {
        var privateKey = Enumerable.Range(start, 32).Select(i => (byte)i).ToArray();
        var publicKey = new byte[32];
        SodiumCurve25519.ScalarMultBase(privateKey, publicKey);
        return (privateKey, publicKey);
    }

    private static NodeRecord Record(string name, byte[] publicKey, string address, NodeRole role) => new()
    {
        Name = name,
        WireGuardPublicKey = Convert.ToBase64String(publicKey),
        MeshIPv4 = IPAddress.Parse(address),
        Role = role,
    };

    private sealed class RecordingEffects : ICommandEffects
    {
        public List<(CommandIntent, string)> Applied { get; } = [];

        public void Apply(CommandIntent intent, NodeRecord? subject) => Applied.Add((intent, subject?.Name ?? "-"));
    }
}

internal static class NodeRecordKeyExtensions
{
    public static byte[] WireGuardPublicKeyBytes(this NodeRecord record) => Convert.FromBase64String(record.WireGuardPublicKey);
}
