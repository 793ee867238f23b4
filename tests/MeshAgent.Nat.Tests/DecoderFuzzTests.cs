using MeshAgent.Nat;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;

namespace MeshAgent.Nat.Tests;

/// <summary>Mutates valid replies a million times: a decoder may only return a reply or throw its typed error.</summary>
[TestFixture]
public sealed class DecoderFuzzTests
{
    private const int Seed = 6886;
    private const int Inputs = 1_000_000;

    [Test]
    public void NatPmpDecode_MillionMutations_OnlyTypedErrors()
    {
        byte[][] seeds =
        [
            Convert.FromHexString("00800000000004D2CB007107"),
            Convert.FromHexString("0081000000000010CA6CCA6D00000E10"),
            Convert.FromHexString("00800003"),
        ];

        var (decoded, rejected) = Fuzz(seeds, input => NatPmpCodec.Decode(input));

        TestContext.Out.WriteLine($"NAT-PMP fuzz: seed {Seed}, {Inputs} inputs, {decoded} decoded, {rejected} rejected as malformed");
        Assert.Multiple(() =>
        {
            Assert.That(decoded + rejected, Is.EqualTo(Inputs));
            Assert.That(decoded, Is.GreaterThan(0));
            Assert.That(rejected, Is.GreaterThan(0));
        });
    }

    [Test]
    public void PcpDecode_MillionMutations_OnlyTypedErrors()
    {
        byte[][] seeds =
        [
            Convert.FromHexString("0281000000000E1000000063000000000000000000000000"
                + "0102030405060708090A0B0C" + "11000000" + "CA6C9C40" + "00000000000000000000FFFFCB007109"),
            Convert.FromHexString("028000000000000000000063000000000000000000000000"),
            Convert.FromHexString("028100080000001E00000063000000000000000000000000"),
        ];

        var (decoded, rejected) = Fuzz(seeds, input => PcpCodec.Decode(input));

        TestContext.Out.WriteLine($"PCP fuzz: seed {Seed}, {Inputs} inputs, {decoded} decoded, {rejected} rejected as malformed");
        Assert.Multiple(() =>
        {
            Assert.That(decoded + rejected, Is.EqualTo(Inputs));
            Assert.That(decoded, Is.GreaterThan(0));
            Assert.That(rejected, Is.GreaterThan(0));
        });
    }

    private static (int Decoded, int Rejected) Fuzz(byte[][] seeds, Action<byte[]> decode)
    {
        var random = new Random(Seed);
        int decoded = 0, rejected = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            try
            {
                decode(input);
                decoded++;
            }
            catch (MalformedReplyException)
            {
                rejected++;
            }
        }

        return (decoded, rejected);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    // Flip the reply bit or opcode region, where the decoder branches.
                    if (bytes.Count > 1)
                    {
                        bytes[1] ^= (byte)(1 << random.Next(8));
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
