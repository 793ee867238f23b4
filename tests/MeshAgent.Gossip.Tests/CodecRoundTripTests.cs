using MeshAgent.Gossip.Security;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Tests;

public class CodecRoundTripTests
{
    private static IEnumerable<IGossipMessage> Messages()
    {
        yield return new Ping(7, "b", [10, 0, 0, 1], 7946, "a");
        yield return new IndirectPing(9, [10, 0, 0, 2], 7946, "c", true, [10, 0, 0, 1], 7946, "a");
        yield return new Ack(7, [1, 2, 3]);
        yield return new Nack(9);
        yield return new Suspect(3, "c", "a");
        yield return new Dead(4, "c", "c");
        yield return new Alive(5, "a", [10, 0, 0, 1], 7946, SerfTags.Encode(new Dictionary<string, string> { ["k"] = "v" }), [1, 5, 2, 2, 5, 4]);
        yield return new UserPayload([0xde, 0xad]);
    }

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(true, true, false)]
    [TestCase(true, true, true)]
    public void SealOpen_CompoundOfAllTypes_RoundTrips(bool compress, bool crc, bool encrypt)
    {
        var messages = Messages().ToList();
        byte[] payload = PacketCodec.MakeCompound(messages.Select(MessageCodec.Encode).ToList());
        if (compress)
        {
            payload = PacketCodec.MaybeCompress(payload);
            Assert.That(payload[0], Is.EqualTo((byte)MessageType.Compress));
        }
        var keyring = encrypt ? new Keyring(new byte[24]) : null;
        var opened = PacketCodec.Open(PacketCodec.Seal(payload, crc, keyring), keyring);
        Assert.That(opened.Select(MessageCodec.Encode), Is.EqualTo(messages.Select(MessageCodec.Encode)));
    }

    [TestCase((byte)0)]
    [TestCase((byte)1)]
    public void SealOpen_StreamPushPullEncrypted_RoundTrips(byte version)
    {
        var keyring = new Keyring(new byte[16]);
        var state = new PushPull(true, [new PushNodeState("a", [10, 0, 0, 1], 7946, [], 3, NodeState.Suspect, [1, 5, 2, 2, 5, 4])], [9, 9, 9]);
        var sealedBytes = StreamCodec.Seal(state, compress: true, keyring, version);
        Assert.That(StreamCodec.TryMeasure(sealedBytes.AsSpan(0, sealedBytes.Length - 1), out _), Is.False);
        Assert.That(StreamCodec.TryMeasure([.. sealedBytes, 1, 2], out int len), Is.True);
        Assert.That(len, Is.EqualTo(sealedBytes.Length));
        var opened = (PushPull)StreamCodec.Open(sealedBytes, keyring);
        Assert.That(opened.Nodes.Single().State, Is.EqualTo(NodeState.Suspect));
        Assert.That(opened.UserState, Is.EqualTo(new byte[] { 9, 9, 9 }));
    }

    [Test]
    public void Lzw_LargeRandomAndRepetitiveInputs_RoundTrip()
    {
        var rng = new Random(5);
        foreach (int size in new[] { 0, 1, 2, 100, 5000, 70000 })
        {
            var random = new byte[size];
            rng.NextBytes(random);
            Assert.That(Lzw.Decompress(Lzw.Compress(random), 1 << 20), Is.EqualTo(random));
            var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, size / 10).Select(i => $"node-{i % 97},")));
            Assert.That(Lzw.Decompress(Lzw.Compress(text), 1 << 20), Is.EqualTo(text));
        }
    }

    [Test]
    public void Lzw_ExpansionBeyondLimit_ThrowsTyped()
    {
        var zeros = Lzw.Compress(new byte[100_000]);
        Assert.Throws<GossipDecodeException>(() => Lzw.Decompress(zeros, 10_000));
    }

    [Test]
    public void Crc32_KnownVector_Matches() =>
        Assert.That(Crc32Ieee.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));

    [Test]
    public void SerfTags_Over512Bytes_Rejected() =>
        Assert.Throws<ArgumentException>(() => SerfTags.Encode(new Dictionary<string, string> { ["x"] = new string('a', 600) }));

    [Test]
    public void Keyring_RotatePrimary_OldKeyStillDecrypts()
    {
        byte[] oldKey = new byte[16], newKey = Enumerable.Repeat((byte)1, 16).ToArray();
        var sender = new Keyring(oldKey);
        var receiver = new Keyring(oldKey);
        receiver.AddKey(newKey);
        receiver.UseKey(newKey);
        var packet = PacketCodec.Seal(MessageCodec.Encode(new Nack(1)), crc: false, sender);
        Assert.That(PacketCodec.Open(packet, receiver).Single(), Is.EqualTo(new Nack(1)));
        receiver.RemoveKey(oldKey);
        Assert.Throws<GossipDecryptException>(() => PacketCodec.Open(packet, receiver));
        Assert.That(receiver.ToString(), Does.Not.Contain("AAAA"));
    }
}

public class LabelTests
{
    [Test]
    public void Open_LabelledPacket_AcceptedOnlyWithSameLabel()
    {
        var keyring = new Keyring(new byte[16]);
        var packet = PacketCodec.Seal(MessageCodec.Encode(new Nack(3)), crc: true, keyring, label: "mesh-a");
        Assert.That(packet[0], Is.EqualTo((byte)MessageType.HasLabel));
        Assert.That(PacketCodec.Open(packet, keyring, "mesh-a").Single(), Is.EqualTo(new Nack(3)));
        Assert.Throws<GossipDecodeException>(() => PacketCodec.Open(packet, keyring, "mesh-b"));
        Assert.Throws<GossipDecodeException>(() => PacketCodec.Open(packet, keyring));
    }

    [TestCase(0u, 0, 0)]
    [TestCase(200u, 40, 600)]
    [TestCase(70000u, 0, 70000)]
    public void PushPull_EncodedLength_EqualsEncodedBytes(uint incarnation, int metaLength, int userStateLength)
    {
        var nodes = Enumerable.Range(0, 40).Select(i => new PushNodeState(
            $"node-{i}-{new string('x', i)}", [10, 0, 0, (byte)i], (ushort)(7946 + i * 100), new byte[metaLength],
            incarnation + (uint)i, (NodeState)(i % 4), [1, 5, 2, 2, 5, 4])).ToList();
        var message = new PushPull(true, nodes, new byte[userStateLength]);
        Assert.That(message.EncodedLength, Is.EqualTo(MessageCodec.Encode(message).Length));
    }
}
