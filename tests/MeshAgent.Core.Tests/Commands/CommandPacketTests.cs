using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Commands;

public sealed class CommandPacketTests
{
    private static readonly CommandMacKey Key = CommandSamples.NodeKey;

    private static IEnumerable<CommandHeader> ValidHeaders()
    {
        yield return new CommandHeader(CommandIntent.Isolate, CommandTarget.All, 7, 1);
        yield return new CommandHeader(CommandIntent.Release, CommandTarget.OfRole(NodeRole.Hub), 0xFFFF, 2);
        yield return new CommandHeader(CommandIntent.ReconcileNow, CommandTarget.OfNode(0x1234), 0, uint.MaxValue);
        yield return new CommandHeader(CommandIntent.RestartDnsmasq, CommandTarget.OfRole(NodeRole.Spoke), 0, 42);
        yield return new CommandHeader(CommandIntent.Leave, CommandTarget.OfNode(3), 0, 9);
        yield return new CommandHeader((CommandIntent)63, CommandTarget.All, 5, 10);
    }

    [TestCaseSource(nameof(ValidHeaders))]
    public void TryParse_OfSeal_RoundTripsEveryField(CommandHeader header)
    {
        var packet = CommandPacket.Seal(header, Key);

        Assert.Multiple(() =>
        {
            Assert.That(packet, Has.Length.EqualTo(16));
            Assert.That(CommandPacket.TryParse(packet, out var parsed, out _), Is.True);
            Assert.That(parsed, Is.EqualTo(header));
            Assert.That(Key.Verifies(packet), Is.True);
        });
    }

    [Test]
    public void Seal_IsolateSubject0x0102ToNode0x0A05Counter0x01020304_BytesAsDocumented()
    {
        var packet = CommandPacket.Seal(new CommandHeader(CommandIntent.Isolate, CommandTarget.OfNode(0x0A05), 0x0102, 0x01020304), Key);

        // README "The command packet": kind 2 in bits 7-6, intent 1 in bits 5-0; tag = low byte of the host id.
        Assert.That(packet[..8], Is.EqualTo(new byte[] { 0x81, 0x05, 0x01, 0x02, 0x01, 0x02, 0x03, 0x04 }));
    }

    [Test]
    public void Seal_PinnedKeysAndHeader_PinnedTag()
    {
        // Pins the whole construction (Ed25519->X25519 map, X25519, HKDF labels, HMAC truncation): a change here
        // breaks every mesh mixing versions, so it must be deliberate. Value recorded from this implementation.
        var packet = CommandPacket.Seal(CommandSamples.Isolate(2, 1), Key);

        Assert.That(Convert.ToHexString(packet), Is.EqualTo(PinnedPacket));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(17)]
    [TestCase(1500)]
    public void TryParse_NotSixteenBytes_WrongSize(int length)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandPacket.TryParse(new byte[length], out _, out var rejection), Is.False);
            Assert.That(rejection, Is.EqualTo(CommandRejection.WrongSize));
        });
    }

    [TestCase("C3000001000000010000000000000000", TestName = "TryParse_ReservedTargetKind_Malformed")]
    [TestCase("00000001000000010000000000000000", TestName = "TryParse_IntentZero_Malformed")]
    [TestCase("01000001000000000000000000000000", TestName = "TryParse_CounterZero_Malformed")]
    [TestCase("01000000000000010000000000000000", TestName = "TryParse_IsolateWithoutSubject_Malformed")]
    [TestCase("03000001000000010000000000000000", TestName = "TryParse_ReconcileWithSubject_Malformed")]
    [TestCase("43020000000000010000000000000000", TestName = "TryParse_UnknownRole_Malformed")]
    [TestCase("03070000000000010000000000000000", TestName = "TryParse_AllWithValue_Malformed")]
    public void TryParse_FieldsThatCannotBeACommand_Malformed(string hex)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandPacket.TryParse(Convert.FromHexString(hex), out _, out var rejection), Is.False);
            Assert.That(rejection, Is.EqualTo(CommandRejection.Malformed));
        });
    }

    [Test]
    public void TryParse_IntentThisVersionDoesNotKnow_ParsesSoTheCallerCountsIt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandPacket.TryParse(Convert.FromHexString("3F000000000000050000000000000000"), out var header, out _), Is.True);
            Assert.That(CommandIntents.IsKnown(header.Intent), Is.False);
        });
    }

    [Test]
    public void Seal_HeaderThatDoesNotFit_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => CommandPacket.Seal(CommandSamples.Isolate(0, 1), Key), Throws.ArgumentException);
            Assert.That(() => CommandPacket.Seal(new CommandHeader((CommandIntent)64, CommandTarget.All, 0, 1), Key), Throws.ArgumentException);
            Assert.That(() => CommandPacket.Seal(CommandSamples.Isolate(1, 0), Key), Throws.ArgumentException);
        });
    }

    [Test]
    public void Selects_NodeTarget_OnlyTheTagOfTheHostId()
    {
        var target = CommandTarget.OfNode(0x0105);

        Assert.Multiple(() =>
        {
            Assert.That(target.Selects(NodeRole.Spoke, 0x0105), Is.True);
            Assert.That(target.Selects(NodeRole.Spoke, 0x0205), Is.True, "tags collide by design; the MAC keeps the command to its node");
            Assert.That(target.Selects(NodeRole.Spoke, 0x0106), Is.False);
            Assert.That(CommandTarget.OfRole(NodeRole.Hub).Selects(NodeRole.Spoke, 1), Is.False);
            Assert.That(CommandTarget.All.Selects(NodeRole.Hub, 9), Is.True);
        });
    }

    [Test]
    public void HostId_OfMeshAddress_LowSixteenBits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NodeHostId.Of(System.Net.IPAddress.Parse("10.10.11.7")), Is.EqualTo(0x0B07));
            Assert.That(() => NodeHostId.Of(System.Net.IPAddress.IPv6Loopback), Throws.ArgumentException);
        });
    }

    private const string PinnedPacket = "0100000200000001109C983E50211B3B";
}
