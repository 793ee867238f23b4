using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Mesh;

public class PathReportCodecTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);

    private static readonly PathReportEdge[] SpokeEdges =
    [
        new("hub1", "hub", null, 12, 4096, 8192),
        new("spöke2", "direct", null, null, 0, 148),
        new("spoke4", "relayed", "hub1", null, 0, 0),
    ];

    [Test]
    public void EncodeDecode_SpokeReport_OnePartSameContent()
    {
        var parts = PathReportCodec.Encode("spoke1", At, SpokeEdges, 1000);

        Assert.That(parts, Has.Count.EqualTo(1));
        Assert.That(PathReportCodec.IsReport(parts[0]), Is.True);
        Assert.That(RecordBundle.IsBundle(parts[0]), Is.False, "told apart from record bundles");
        var report = PathReportCodec.Decode(parts[0]);
        Assert.That(report.Node, Is.EqualTo("spoke1"));
        Assert.That(report.At, Is.EqualTo(At));
        Assert.That((report.Part, report.Parts), Is.EqualTo((0, 1)));
        Assert.That(report.Edges, Is.EqualTo(SpokeEdges));
    }

    [Test]
    public void Encode_HubWithManyPeers_SplitsIntoPartsUnderTheLimitThatTogetherHoldEveryEdge()
    {
        var edges = Enumerable.Range(0, 200).Select(i => new PathReportEdge($"spoke{i:000}", "hub", null, i, i * 10L, i * 20L)).ToList();

        var parts = PathReportCodec.Encode("hub1", At, edges, 1000);

        Assert.That(parts, Has.Count.GreaterThan(1));
        Assert.That(parts.Select(p => p.Length), Has.All.LessThanOrEqualTo(1000));
        var decoded = parts.Select(p => PathReportCodec.Decode(p)).ToList();
        Assert.That(decoded.Select(d => d.Part), Is.EqualTo(Enumerable.Range(0, parts.Count)));
        Assert.That(decoded.Select(d => d.Parts).Distinct(), Is.EqualTo(new[] { parts.Count }));
        Assert.That(decoded.SelectMany(d => d.Edges), Is.EqualTo(edges));
    }

    [Test]
    public void Encode_NoEdges_OneEmptyPart()
    {
        var parts = PathReportCodec.Encode("lonely", At, [], 1000);

        Assert.That(PathReportCodec.Decode(parts[0]).Edges, Is.Empty);
    }

    [Test]
    public void Encode_UnknownKind_Refused()
    {
        Assert.That(() => PathReportCodec.Encode("a", At, [new PathReportEdge("b", "teleport", null, null, 0, 0)], 1000), Throws.ArgumentException);
    }

    [Test]
    public void Decode_EveryTruncation_RecordFormatException()
    {
        var whole = PathReportCodec.Encode("spoke1", At, SpokeEdges, 1000)[0];

        for (var length = 0; length < whole.Length; length++)
        {
            var cut = whole[..length];
            Assert.That(() => PathReportCodec.Decode(cut), Throws.TypeOf<RecordFormatException>(), $"cut at {length}");
        }
    }

    [Test]
    public void EncodeDecode_HubWithAClientDevice_ClientKindRoundTrips()
    {
        PathReportEdge[] edges = [new("phone", "client", null, 7, 1, 2), new("spoke1", "direct", null, 3, 4, 5)];

        var report = PathReportCodec.Decode(PathReportCodec.Encode("hub1", At, edges, 1000)[0]);

        Assert.That(report.Edges, Is.EqualTo(edges));
    }

    [Test]
    public void Decode_TrailingBytesBadKindOrBadPartIndex_RecordFormatException()
    {
        var whole = PathReportCodec.Encode("n", At, [new PathReportEdge("p", "hub", null, 1, 2, 3)], 1000)[0];
        var trailing = whole.Append((byte)0).ToArray();
        var badKind = (byte[])whole.Clone();
        // magic 4 + at 8 + part 1 + parts 1 + name 2 + count 2 + peer 2 → the kind byte.
        badKind[4 + 8 + 1 + 1 + 2 + 2 + 2] = 9;
        var badPart = (byte[])whole.Clone();
        badPart[4 + 8] = 1;

        Assert.That(() => PathReportCodec.Decode(trailing), Throws.TypeOf<RecordFormatException>());
        Assert.That(() => PathReportCodec.Decode(badKind), Throws.TypeOf<RecordFormatException>());
        Assert.That(() => PathReportCodec.Decode(badPart), Throws.TypeOf<RecordFormatException>());
    }

    [Test]
    public void Decode_RandomBytesAfterTheMagic_OnlyRecordFormatExceptionOrAReport()
    {
        var random = new Random(1234);
        var valid = PathReportCodec.Encode("spoke1", At, SpokeEdges, 1000)[0];
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])valid.Clone();
            // Flip a few bytes past the magic: the decoder must refuse cleanly or decode, never crash.
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(4, bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                PathReportCodec.Decode(bytes);
            }
            catch (RecordFormatException)
            {
                // Expected for most inputs.
            }
        }

        Assert.Pass("5000 mutated reports decoded or were refused with RecordFormatException");
    }
}
