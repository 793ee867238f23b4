using MeshAgent.Gossip.Security;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Tests;

public class WireFixtureTests
{
    private static readonly IReadOnlyList<CapturedPayload> Plain = CapturedPayload.Load("serf-0.9.4-plain.txt");
    private static readonly IReadOnlyList<CapturedPayload> Encrypted = CapturedPayload.Load("serf-0.9.4-encrypted.txt");

    [Test]
    public void Open_EveryPlainSerfPacket_Decodes()
    {
        var udp = Plain.Where(p => p.Protocol == "UDP").ToList();
        Assert.That(udp, Has.Count.GreaterThan(20));
        var types = new HashSet<Type>();
        foreach (var p in udp)
        {
            foreach (var m in PacketCodec.Open(p.Data, keyring: null)) types.Add(m.GetType());
        }
        Assert.That(types, Is.SupersetOf(new[] { typeof(Ping), typeof(Ack), typeof(Alive), typeof(Dead), typeof(UserPayload) }));
    }

    [Test]
    public void Open_SerfPing_FieldsAndExactReencoding()
    {
        var packet = Plain.First(p => p.Protocol == "UDP" && p.Data[0] == 0 && p.SourcePort == 27946).Data;
        var ping = (Ping)PacketCodec.Open(packet, null).Single();
        Assert.That(ping.Node, Is.EqualTo("s2"));
        Assert.That(ping.SourceNode, Is.EqualTo("s1"));
        Assert.That(ping.SourcePort, Is.EqualTo(27946));
        Assert.That(ping.SourceAddr, Is.EqualTo(new byte[] { 127, 0, 0, 1 }));
        Assert.That(MessageCodec.Encode(ping), Is.EqualTo(packet));
    }

    [Test]
    public void Open_SerfAliveWithCrc_TagsAndVersions()
    {
        var packet = Plain.First(p => p.Protocol == "UDP" && p.Data[0] == (byte)MessageType.HasCrc).Data;
        var alives = PacketCodec.Open(packet, null).OfType<Alive>().ToList();
        var s1 = alives.Single(a => a.Node == "s1");
        Assert.That(SerfTags.Decode(s1.Meta), Is.EquivalentTo(new Dictionary<string, string> { ["role"] = "web", ["dc"] = "x" }));
        Assert.That(s1.Vsn, Is.EqualTo(new byte[] { 1, 5, 2, 2, 5, 5 }));
        Assert.That(s1.Port, Is.EqualTo(27946));
        var payload = packet.AsSpan(5);
        var part = payload.Slice(2 + 2 * payload[1], (payload[2] << 8) | payload[3]);
        Assert.That(MessageCodec.Encode(s1), Is.EqualTo(part.ToArray()));
    }

    [Test]
    public void Open_CorruptedCrc_ThrowsTyped()
    {
        var packet = (byte[])Plain.First(p => p.Protocol == "UDP" && p.Data[0] == (byte)MessageType.HasCrc).Data.Clone();
        packet[^1] ^= 0x40;
        Assert.Throws<GossipDecodeException>(() => PacketCodec.Open(packet, null));
    }

    [Test]
    public void Open_SerfPushPullOverTcp_NodesAndUserState()
    {
        var request = Plain.First(p => p.Protocol == "TCP" && p.DestinationPort == 27946).Data;
        Assert.That(StreamCodec.TryMeasure(request, out int len), Is.True);
        Assert.That(len, Is.EqualTo(request.Length));
        var pp = (PushPull)StreamCodec.Open(request, null);
        Assert.That(pp.Join, Is.True);
        Assert.That(pp.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "s2" }));
        Assert.That(pp.UserState[0], Is.EqualTo(2), "serf's messagePushPullType");
        var response = (PushPull)StreamCodec.Open(Plain.First(p => p.Protocol == "TCP" && p.SourcePort == 27946).Data, null);
        Assert.That(response.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "s1" }), "s1 knew only itself when s2 joined");
        Assert.That(response.Join, Is.True, "the responder echoes the join flag");
    }

    [Test]
    public void Compress_SerfLzwPayload_ReproducesGoBytesExactly()
    {
        var compressed = Plain.First(p => p.Protocol == "UDP" && p.Data[0] == (byte)MessageType.Compress).Data;
        var reader = new Codec.MsgPackReader(compressed.AsSpan(1));
        int pairs = reader.ReadMapHeader();
        byte[] goBuf = [];
        for (int i = 0; i < pairs; i++)
        {
            if (reader.ReadString() == "Buf") goBuf = reader.ReadBytes(); else reader.Skip();
        }
        var inflated = Lzw.Decompress(goBuf, 1 << 20);
        Assert.That(Lzw.Compress(inflated), Is.EqualTo(goBuf));
    }

    [Test]
    public void Open_EveryEncryptedSerfPayload_DecryptsWithKey()
    {
        var keyring = Keyring.FromBase64(CapturedPayload.EncryptionKey);
        foreach (var p in Encrypted)
        {
            if (p.Protocol == "UDP") Assert.That(PacketCodec.Open(p.Data, keyring), Is.Not.Empty);
            else Assert.That(StreamCodec.Open(p.Data, keyring), Is.TypeOf<PushPull>());
        }
    }

    [Test]
    public void Open_EncryptedSerfPacketWrongKey_ThrowsDecrypt()
    {
        var keyring = new Keyring(new byte[16]);
        var p = Encrypted.First(x => x.Protocol == "UDP");
        Assert.Throws<GossipDecryptException>(() => PacketCodec.Open(p.Data, keyring));
    }

    [Test]
    public void Open_EncryptedWithSecondaryKey_Decrypts()
    {
        var keyring = new Keyring(new byte[32], [Convert.FromBase64String(CapturedPayload.EncryptionKey)]);
        var p = Encrypted.First(x => x.Protocol == "UDP");
        Assert.That(PacketCodec.Open(p.Data, keyring), Is.Not.Empty);
    }
}
