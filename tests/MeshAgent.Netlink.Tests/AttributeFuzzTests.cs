using System.Buffers.Binary;
using System.Diagnostics;
using MeshAgent.Netlink.Generic;
using MeshAgent.Netlink.Route;

namespace MeshAgent.Netlink.Tests;

/// <summary>
/// One million inputs through every netlink parser: mutations of captured kernel replies and random
/// datagrams built from random headers and attribute trees. Only <see cref="NetlinkFormatException"/> may
/// come out; anything else fails the test with the input in hex.
/// </summary>
public sealed class AttributeFuzzTests
{
    private const int Iterations = 1_000_000;
    private const int Seed = 20261122;
    private static readonly string[] RouteSeeds = ["rtm_getlink_dump", "rtm_getaddr_dump", "rtm_getroute_v4_dump", "rtm_newlink_wireguard_eopnotsupp"];
    private static readonly string[] GenericSeeds = ["ctrl_getfamily_nlctrl"];
    private static readonly ushort[] MessageTypes = [NetlinkMessageType.Error, NetlinkMessageType.Done, 16, 20, 24, GenericNetlinkController.ControllerId];

    [Test]
    [CancelAfter(300_000)]
    public void Parsers_MillionMutatedAndRandomDatagrams_ThrowOnlyNetlinkFormatException()
    {
        var seeds = RouteSeeds.SelectMany(Fixture.Datagrams).Select(d => (Bytes: d, Generic: false))
            .Concat(GenericSeeds.SelectMany(Fixture.Datagrams).Select(d => (Bytes: d, Generic: true)))
            .ToArray();
        var random = new Random(Seed);
        var cancellation = TestContext.CurrentContext.CancellationToken;
        var buffer = new byte[1 << 16];
        var rejected = 0;
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var generic = random.Next(2) == 0;
            int length;
            if (random.Next(4) == 0)
            {
                length = RandomDatagram(buffer, random);
            }
            else
            {
                var seed = seeds[random.Next(seeds.Length)];
                generic = seed.Generic;
                length = Mutate(seed.Bytes, buffer, random);
            }

            var input = buffer.AsSpan(0, length);
            try
            {
                foreach (var message in NetlinkMessage.ParseDatagram(input))
                {
                    ParseEverything(message, generic);
                }

                accepted++;
            }
            catch (NetlinkFormatException)
            {
                rejected++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"input {i}: {exception.GetType().Name}: {exception.Message}\n{Convert.ToHexString(input)}\n{exception}");
            }
        }

        TestContext.Out.WriteLine($"seed {Seed}: {Iterations:N0} datagrams in {clock.Elapsed.TotalSeconds:F1} s, {accepted:N0} accepted, {rejected:N0} rejected with NetlinkFormatException");
        // Both outcomes must occur, or the inputs are too weak (all valid) or too strong (all garbage).
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThan(Iterations / 100));
            Assert.That(rejected, Is.GreaterThan(Iterations / 100));
        });
    }

    private static void ParseEverything(NetlinkMessage message, bool generic)
    {
        if (generic && message.Header.Type == GenericNetlinkController.ControllerId)
        {
            _ = GenericNetlinkController.Parse(message);
            return;
        }

        Walk(message.Attributes(0), depth: 0);
        switch (message.Header.Type)
        {
            case NetlinkMessageType.Error:
                _ = NetlinkError.Parse(message);
                break;
            case NetlinkMessageType.Done:
                _ = NetlinkError.ParseDone(message);
                break;
            case 16:
                _ = RouteNetlinkClient.ParseLink(message);
                break;
            case 20:
                _ = RouteNetlinkClient.ParseAddress(message);
                break;
            case 24:
                _ = RouteNetlinkClient.ParseRoute(message);
                break;
        }
    }

    private static void Walk(NetlinkAttributeReader reader, int depth)
    {
        foreach (var attribute in reader)
        {
            _ = attribute.GetString();
            if (depth < 4 && attribute.Payload.Length >= 4)
            {
                try
                {
                    Walk(attribute.Nested, depth + 1);
                }
                catch (NetlinkFormatException)
                {
                    // A leaf payload need not parse as attributes; only the exception type matters here.
                }
            }
        }
    }

    /// <summary>Writes one or two messages with random headers and random attribute trees; returns the length.</summary>
    private static int RandomDatagram(byte[] buffer, Random random)
    {
        if (random.Next(8) == 0)
        {
            // Pure noise, occasionally.
            var noise = random.Next(0, 256);
            random.NextBytes(buffer.AsSpan(0, noise));
            return noise;
        }

        var at = 0;
        for (var messages = random.Next(1, 3); messages > 0; messages--)
        {
            var start = at;
            at += NetlinkHeader.Size;
            // The fixed part: genlmsghdr (4), ifinfomsg (16), ifaddrmsg (8), rtmsg (12) or nlmsgerr (20).
            var fixedLength = random.Next(6) * 4;
            random.NextBytes(buffer.AsSpan(at, fixedLength));
            at += fixedLength;
            at = RandomAttributes(buffer, at, random.Next(0, 6), depth: 0, random);
            var length = at - start;
            if (random.Next(16) == 0)
            {
                length += random.Next(-8, 9);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(start), (uint)Math.Max(length, 0));
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start + 4), MessageTypes[random.Next(MessageTypes.Length)]);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start + 6), (ushort)random.Next(4));
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(start + 8), (ulong)random.NextInt64());
        }

        return at;
    }

    private static int RandomAttributes(byte[] buffer, int at, int count, int depth, Random random)
    {
        for (var n = 0; n < count && at < buffer.Length - 2048; n++)
        {
            var start = at;
            at += 4;
            if (depth < 3 && random.Next(3) == 0)
            {
                at = RandomAttributes(buffer, at, random.Next(0, 4), depth + 1, random);
            }
            else
            {
                // Typical payload sizes (u8/u16/u32/u64/addresses/keys/strings) plus odd ones.
                int[] sizes = [0, 1, 2, 3, 4, 6, 8, 16, 32, random.Next(64)];
                var size = sizes[random.Next(sizes.Length)];
                random.NextBytes(buffer.AsSpan(at, size));
                at += size;
            }

            var length = at - start;
            if (random.Next(16) == 0)
            {
                length = random.Next(0, length + 16);
            }

            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start), (ushort)length);
            var type = (ushort)(random.Next(40) | (random.Next(4) == 0 ? NetlinkAttributeFlags.Nested : 0));
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(start + 2), type);
            var padding = NetlinkHeader.Align(at) - at;
            buffer.AsSpan(at, padding).Clear();
            at += padding;
        }

        return at;
    }

    private static int Mutate(byte[] seed, byte[] buffer, Random random)
    {
        var length = seed.Length;
        seed.CopyTo(buffer, 0);
        var data = buffer.AsSpan();
        for (var rounds = random.Next(1, 3); rounds > 0; rounds--)
        {
            switch (random.Next(6))
            {
                case 0:
                    data[random.Next(length)] = (byte)random.Next(256);
                    break;
                case 1:
                    // Attribute and message length fields sit at 4-byte boundaries: hit them on purpose.
                    var at = random.Next(length / 4) * 4;
                    data[at] = (byte)random.Next(256);
                    if (at + 1 < length)
                    {
                        data[at + 1] = (byte)random.Next(4);
                    }

                    break;
                case 2:
                    length = Math.Max(1, random.Next(length));
                    break;
                case 3:
                    for (var k = random.Next(1, 8); k > 0; k--)
                    {
                        data[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 4:
                    // Duplicate a 4-byte-aligned slice in place of another: shifts structure, keeps alignment.
                    var from = random.Next(length / 4) * 4;
                    var to = random.Next(length / 4) * 4;
                    var count = Math.Min(random.Next(4, 64), Math.Min(length - from, length - to)) & ~3;
                    data.Slice(from, count).CopyTo(data.Slice(to, count));
                    break;
                default:
                    var extra = random.Next(1, 64);
                    if (length + extra <= buffer.Length)
                    {
                        random.NextBytes(data.Slice(length, extra));
                        length += extra;
                    }

                    break;
            }
        }

        return length;
    }
}
