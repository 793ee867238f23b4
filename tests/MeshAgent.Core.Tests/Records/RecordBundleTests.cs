using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

public sealed class RecordBundleTests
{
    [Test]
    public void EncodeDecode_RoundTripsEnvelopesInOrder()
    {
        byte[][] envelopes = [[1, 2, 3], [], [.. Enumerable.Range(0, 300).Select(i => (byte)i)]];

        var decoded = RecordBundle.Decode(RecordBundle.Encode(envelopes));

        Assert.That(decoded, Is.EqualTo(envelopes));
    }

    [Test]
    public void IsBundle_SerfPayload_False()
    {
        // Serf's user events start with its message type byte, never with our magic.
        Assert.That(RecordBundle.IsBundle([8, 0x83, 0xa4]), Is.False);
    }

    [TestCase(new byte[] { (byte)'M', (byte)'A', (byte)'B', (byte)'1' }, TestName = "Decode_NoCount_Throws")]
    [TestCase(new byte[] { (byte)'M', (byte)'A', (byte)'B', (byte)'1', 0, 1, 0 }, TestName = "Decode_TruncatedLength_Throws")]
    [TestCase(new byte[] { (byte)'M', (byte)'A', (byte)'B', (byte)'1', 0, 1, 0, 5, 1 }, TestName = "Decode_TruncatedEnvelope_Throws")]
    [TestCase(new byte[] { (byte)'M', (byte)'A', (byte)'B', (byte)'1', 0, 0, 9 }, TestName = "Decode_TrailingBytes_Throws")]
    [TestCase(new byte[] { (byte)'M', (byte)'A', (byte)'B', (byte)'1', 0xff, 0xff }, TestName = "Decode_CountOverLimit_Throws")]
    [TestCase(new byte[] { 1, 2, 3, 4, 0, 0 }, TestName = "Decode_WrongMagic_Throws")]
    public void Decode_Malformed_Throws(byte[] payload)
    {
        Assert.Throws<RecordFormatException>(() => RecordBundle.Decode(payload));
    }

    [Test]
    public void Decode_RandomAndMutatedInputs_OnlyTypedErrors()
    {
        var random = new Random(20261122);
        var valid = RecordBundle.Encode([[.. Enumerable.Range(0, 100).Select(i => (byte)i)], [9, 9, 9]]);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var input = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            var truncated = random.Next(4) == 0 ? input[..random.Next(input.Length)] : input;
            try
            {
                RecordBundle.Decode(truncated);
                accepted++;
            }
            catch (RecordFormatException)
            {
                rejected++;
            }
        }

        TestContext.Out.WriteLine($"seed 20261122: {accepted} accepted, {rejected} rejected");
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(0));
            Assert.That(rejected, Is.GreaterThan(0));
        });
    }
}
