using System.Diagnostics;
using System.Globalization;
using MeshAgent.Core.Commands;

namespace MeshAgent.Core.Tests.Commands;

/// <summary>
/// Deterministic fuzzing of the decoder and the MAC check: random inputs of every size and mutations of valid
/// packets. Nothing may throw, no random input may verify, and no mutation of a valid packet may verify.
/// </summary>
public sealed class CommandPacketFuzzTests
{
    private const int Inputs = 1_000_000;

    [Test]
    public void TryParseAndVerify_MillionRandomInputs_NeverThrow_NeverVerify()
    {
        var random = new Random(20261204);
        var key = CommandSamples.NodeKey;
        var buffer = new byte[64];
        var verified = 0;
        var parsed = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            // Mostly 16 bytes (the interesting case), the rest spread over 0..64.
            var length = random.Next(4) == 0 ? random.Next(0, buffer.Length + 1) : CommandPacket.Length;
            var input = buffer.AsSpan(0, length);
            random.NextBytes(input);
            parsed += CommandPacket.TryParse(input, out _, out _) ? 1 : 0;
            verified += key.Verifies(input) ? 1 : 0;
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Inputs} random inputs in {clock.Elapsed.TotalSeconds:0.00} s; {parsed} parsed as headers, {verified} verified"));
        Assert.That(verified, Is.Zero);
    }

    [Test]
    public void Verify_MillionMutationsOfValidPackets_NoneVerifies()
    {
        var random = new Random(6479);
        var key = CommandSamples.NodeKey;
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        byte[] packet = [];
        for (var i = 0; i < Inputs; i++)
        {
            if (i % 1000 == 0)
            {
                packet = CommandPacket.Seal(CommandSamples.Isolate((ushort)random.Next(1, 65536), (uint)random.Next(1, int.MaxValue)), key);
            }

            var mutated = (byte[])packet.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                mutated[random.Next(CommandPacket.Length)] ^= (byte)random.Next(1, 256);
            }

            if (!mutated.AsSpan().SequenceEqual(packet))
            {
                accepted += key.Verifies(mutated) ? 1 : 0;
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Inputs} mutations in {clock.Elapsed.TotalSeconds:0.00} s; {accepted} verified"));
        Assert.That(accepted, Is.Zero);
    }
}
