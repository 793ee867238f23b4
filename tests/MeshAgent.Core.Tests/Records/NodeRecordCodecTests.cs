using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

public sealed class NodeRecordCodecTests
{
    [Test]
    public void Decode_OfEncode_RoundTripsEveryField()
    {
        var record = RecordSamples.Hub();

        var decoded = NodeRecordCodec.Decode(NodeRecordCodec.Encode(record));

        Assert.That(decoded, Is.EqualTo(record));
    }

    [Test]
    public void Encode_EqualRecords_SameBytes()
    {
        var first = NodeRecordCodec.Encode(RecordSamples.Hub());
        var second = NodeRecordCodec.Encode(RecordSamples.Hub() with { });

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Encode_SpokeWithoutOptionalParts_RoundTrips()
    {
        var record = RecordSamples.Spoke("spoke-a", 9, "10.10.11.20");

        Assert.That(NodeRecordCodec.Decode(NodeRecordCodec.Encode(record)), Is.EqualTo(record));
    }

    [Test]
    public void Decode_EveryTruncation_ThrowsRecordFormatException()
    {
        var bytes = NodeRecordCodec.Encode(RecordSamples.Hub());

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.That(() => NodeRecordCodec.Decode(bytes.AsSpan(0, length)), Throws.TypeOf<RecordFormatException>(), $"length {length}");
        }
    }

    [Test]
    public void Decode_OfEncode_ClientWithHubs_RoundTrips()
    {
        var record = RecordSamples.Spoke("phone", 9, "10.10.11.20") with { Role = NodeRole.Client, ViaHubs = ["hub-1", "hub-2"] };

        Assert.That(NodeRecordCodec.Decode(NodeRecordCodec.Encode(record)), Is.EqualTo(record));
    }

    [Test]
    public void Decode_OfEncode_MappedAndObservedEndpoints_RoundTripsKinds()
    {
        var record = RecordSamples.Spoke("spoke-a", 9, "10.10.11.20") with
        {
            Endpoints = [System.Net.IPEndPoint.Parse("192.0.2.20:51820"), System.Net.IPEndPoint.Parse("198.51.100.7:41641")],
            EndpointKinds = [EndpointKind.Configured, EndpointKind.Mapped],
        };

        var decoded = NodeRecordCodec.Decode(NodeRecordCodec.Encode(record));

        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(record));
            Assert.That(decoded.KindOf(System.Net.IPEndPoint.Parse("198.51.100.7:41641")), Is.EqualTo(EndpointKind.Mapped));
            Assert.That(decoded.KindOf(System.Net.IPEndPoint.Parse("192.0.2.20:51820")), Is.EqualTo(EndpointKind.Configured));
            Assert.That(decoded.KindOf(System.Net.IPEndPoint.Parse("192.0.2.99:1")), Is.Null);
        });
    }

    [Test]
    public void Encode_OnlyConfiguredEndpoints_SameBytesAsWithoutKinds()
    {
        var plain = RecordSamples.Spoke("spoke-a", 9, "10.10.11.20") with { Endpoints = [System.Net.IPEndPoint.Parse("192.0.2.20:51820")] };

        Assert.That(NodeRecordCodec.Encode(plain with { EndpointKinds = [EndpointKind.Configured] }), Is.EqualTo(NodeRecordCodec.Encode(plain)));
    }

    [Test]
    public void Encode_KindsNotOnePerEndpoint_Throws()
    {
        var record = RecordSamples.Spoke("spoke-a", 9, "10.10.11.20") with { Endpoints = [], EndpointKinds = [EndpointKind.Observed] };

        Assert.That(() => NodeRecordCodec.Encode(record), Throws.ArgumentException);
    }

    [Test]
    public void Decode_UnknownEndpointKindOrWrongCount_Rejected()
    {
        var record = RecordSamples.Spoke("spoke-a", 9, "10.10.11.20") with { Endpoints = [System.Net.IPEndPoint.Parse("192.0.2.20:51820")], EndpointKinds = [EndpointKind.Observed] };
        var bytes = NodeRecordCodec.Encode(record);
        // The kinds follow the subnets: count then one byte per endpoint, just before serial (8) and two times (8 each).
        var kind = bytes.Length - 24 - 1;
        var badKind = (byte[])bytes.Clone();
        badKind[kind] = 9;
        var badCount = (byte[])bytes.Clone();
        badCount[kind - 1] = 2;

        Assert.Multiple(() =>
        {
            Assert.That(bytes[kind], Is.EqualTo((byte)EndpointKind.Observed), "the offset is the kind byte");
            Assert.That(() => NodeRecordCodec.Decode(badKind), Throws.TypeOf<RecordFormatException>().With.Message.Contains("endpoint kind 9"));
            Assert.That(() => NodeRecordCodec.Decode(badCount), Throws.TypeOf<RecordFormatException>());
        });
    }

    [Test]
    public void Decode_UnknownFlagBit_Rejected()
    {
        var bytes = NodeRecordCodec.Encode(RecordSamples.Spoke("s", 9, "10.10.11.20"));
        // version, name (length + 1 byte), key (32), IPv4 (family + 4): the flags byte follows.
        var flags = 1 + 2 + 32 + 5;
        bytes[flags] |= 0x80;

        Assert.That(() => NodeRecordCodec.Decode(bytes), Throws.TypeOf<RecordFormatException>().With.Message.Contains("flags"));
    }

    [Test]
    public void Decode_TrailingByte_Rejected()
    {
        var bytes = NodeRecordCodec.Encode(RecordSamples.Hub()).Append((byte)0).ToArray();

        Assert.That(() => NodeRecordCodec.Decode(bytes), Throws.TypeOf<RecordFormatException>());
    }

    [Test]
    public void Decode_RandomMutations_OnlyTypedErrors()
    {
        var original = NodeRecordCodec.Encode(RecordSamples.Hub());
        var random = new Random(1234);
        var decoded = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            try
            {
                NodeRecordCodec.Decode(mutated);
                decoded++;
            }
            catch (RecordFormatException)
            {
                // Expected for most mutations: the point is that nothing else escapes.
            }
        }

        // Many single-byte changes (a key byte, a serial byte) still decode: the signature, not the codec, rejects them.
        Assert.That(decoded, Is.GreaterThan(0));
    }

    [Test]
    public void Encode_BadKey_Throws()
    {
        var record = RecordSamples.Hub() with { WireGuardPublicKey = "not a key" };

        Assert.That(() => NodeRecordCodec.Encode(record), Throws.ArgumentException);
    }
}
