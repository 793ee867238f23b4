using System.Diagnostics;
using MeshAgent.Gossip.Security;
using MeshAgent.Gossip.Wire;

namespace MeshAgent.Gossip.Tests;

/// <summary>
/// Mutation fuzzing of the receive path: every mutated packet must decode or fail with a
/// <see cref="GossipDecodeException"/>, quickly and with bounded allocation.
/// </summary>
public class PacketFuzzTests
{
    private const int Iterations = 1_000_000;

    // LZW output is capped at 1 MiB on the packet path; everything else is proportional to the packet.
    private const long MaxBytesPerPacket = 8L * 1024 * 1024;

    [Test, CancelAfter(600_000)]
    public void Open_MillionMutatedPackets_OnlyTypedErrorsAndBoundedAllocation()
    {
        var keyring = new Keyring(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        var corpus = Corpus();
        var random = new Random(20261122);
        long ok = 0, typed = 0, maxAllocated = 0;
        var errors = new Dictionary<string, long>();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Iterations; i++)
        {
            var plain = Mutate(corpus[random.Next(corpus.Count)], random);
            // Four framings, so mutations reach every layer past its integrity check.
            byte[] packet;
            Keyring? key = null;
            switch (i % 4)
            {
                case 0: packet = plain; break;
                case 1: packet = PacketCodec.AddCrc(plain); break;
                case 2: packet = PacketCodec.Seal(plain, crc: random.Next(2) == 0, keyring); key = keyring; break;
                default: packet = Mutate(PacketCodec.Seal(plain, crc: true, keyring), random); key = keyring; break;
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                PacketCodec.Open(packet, key);
                ok++;
            }
            catch (GossipDecodeException e)
            {
                typed++;
                var kind = e.GetType().Name;
                errors[kind] = errors.GetValueOrDefault(kind) + 1;
            }
            maxAllocated = Math.Max(maxAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        TestContext.Out.WriteLine($"{Iterations} packets in {watch.Elapsed.TotalSeconds:F1} s ({Iterations / watch.Elapsed.TotalSeconds:F0}/s): " +
            $"{ok} decoded, {typed} typed errors ({string.Join(", ", errors.Select(e => $"{e.Key} {e.Value}"))}), max {maxAllocated} bytes allocated by one packet");
        Assert.That(ok + typed, Is.EqualTo(Iterations));
        Assert.That(ok, Is.GreaterThan(Iterations / 100), "mutations must not all be rejected at the first byte");
        Assert.That(typed, Is.GreaterThan(Iterations / 10));
        Assert.That(maxAllocated, Is.LessThan(MaxBytesPerPacket));
    }

    [Test, CancelAfter(300_000)]
    public void OpenStream_MutatedPushPulls_OnlyTypedErrors()
    {
        var keyring = new Keyring(new byte[16]);
        var seeds = CapturedPayload.Load("serf-0.9.4-plain.txt").Where(p => p.Protocol == "TCP").Select(p => p.Data).ToList();
        var own = new PushPull(true, [new PushNodeState("a", [10, 0, 0, 1], 7946, [0xff, 0x80], 1, NodeState.Alive, [1, 5, 2, 2, 5, 4])], [2, 0x80]);
        seeds.Add(StreamCodec.Seal(own, compress: false, null));
        var random = new Random(7);
        long typed = 0;
        for (int i = 0; i < 100_000; i++)
        {
            var m = Mutate(seeds[random.Next(seeds.Count)], random);
            bool encrypted = i % 2 == 1;
            if (encrypted) m = StreamCodec.Seal(new StreamUserMessage(m), compress: false, keyring) is var s && random.Next(3) == 0 ? Mutate(s, random) : EncryptRaw(m, keyring);
            try
            {
                StreamCodec.TryMeasure(m, out _);
                StreamCodec.Open(m, encrypted ? keyring : null);
            }
            catch (GossipDecodeException)
            {
                typed++;
            }
        }
        Assert.That(typed, Is.GreaterThan(0));
    }

    private static byte[] EncryptRaw(byte[] plain, Keyring keyring)
    {
        var header = new byte[5];
        header[0] = (byte)MessageType.Encrypt;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)(plain.Length + GossipCrypto.Overhead));
        return [.. header, .. GossipCrypto.Encrypt(1, keyring.PrimaryKey, plain, header)];
    }

    private static List<byte[]> Corpus()
    {
        var corpus = new List<byte[]>();
        foreach (var p in CapturedPayload.Load("serf-0.9.4-plain.txt").Where(p => p.Protocol == "UDP"))
        {
            // Strip the CRC framing: the fuzzer adds its own after mutating.
            corpus.Add(p.Data[0] == (byte)MessageType.HasCrc ? p.Data[5..] : p.Data);
        }
        var messages = new IGossipMessage[]
        {
            new Ping(1, "node", [10, 0, 0, 1], 7946, "src"),
            new IndirectPing(2, [10, 0, 0, 2], 7946, "t", true, [10, 0, 0, 1], 7946, "src"),
            new Ack(3, [1, 2, 3]),
            new Nack(4),
            new Suspect(5, "x", "y"),
            new Dead(6, "x", "x"),
            new Alive(7, "x", [10, 0, 0, 3], 7946, SerfTags.Encode(new Dictionary<string, string> { ["role"] = "mesh" }), [1, 5, 2, 2, 5, 4]),
            new UserPayload([0, 1, 2]),
        };
        var encoded = messages.Select(MessageCodec.Encode).ToList();
        corpus.AddRange(encoded);
        corpus.Add(PacketCodec.MakeCompound(encoded));
        corpus.Add(PacketCodec.MaybeCompress(PacketCodec.MakeCompound([.. encoded, .. encoded])));
        corpus.Add(PacketCodec.MakeCompound([PacketCodec.MaybeCompress(PacketCodec.MakeCompound([.. encoded, .. encoded])), encoded[0]]));
        return corpus;
    }

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xc0, 0xc4, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0x07, 0x09, 0x0c, 0xf4];

    private static byte[] Mutate(byte[] input, Random random)
    {
        var data = new List<byte>(input);
        int rounds = 1 + random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            if (data.Count == 0) data.Add((byte)random.Next(256));
            int at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: data.RemoveRange(at, data.Count - at); break;
                case 3: data.Insert(at, (byte)random.Next(256)); break;
                case 4: data.RemoveAt(at); break;
                case 5:
                    int len = Math.Min(random.Next(1, 16), data.Count - at);
                    data.InsertRange(at, data.GetRange(at, len));
                    break;
                default: data[at] = (byte)random.Next(256); break;
            }
        }
        return [.. data];
    }
}
