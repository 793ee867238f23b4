using MeshAgent.Netlink.Generic;
using MeshAgent.Netlink.Route;

namespace MeshAgent.Netlink.Tests;

public sealed class AttributeFuzzTests
{
    private const int Iterations = 150_000;
    private static readonly string[] RouteSeeds = ["rtm_getlink_dump", "rtm_getaddr_dump", "rtm_getroute_v4_dump", "rtm_newlink_wireguard_eopnotsupp"];
    private static readonly string[] GenericSeeds = ["ctrl_getfamily_nlctrl"];

    [Test]
    [CancelAfter(120_000)]
    public void Parsers_MutatedCaptures_ThrowOnlyNetlinkFormatException()
    {
        var seeds = RouteSeeds.SelectMany(Fixture.Datagrams).Select(d => (Bytes: d, Generic: false))
            .Concat(GenericSeeds.SelectMany(Fixture.Datagrams).Select(d => (Bytes: d, Generic: true)))
            .ToArray();
        var random = new Random(20261122);
        var rejected = 0;
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            var input = Mutate(seed.Bytes, random);
            try
            {
                foreach (var message in NetlinkMessage.ParseDatagram(input))
                {
                    ParseEverything(message, seed.Generic);
                }

                parsed++;
            }
            catch (NetlinkFormatException)
            {
                rejected++;
            }
        }

        // Both outcomes must occur, or the mutations are too weak (all valid) or too strong (all garbage).
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.GreaterThan(1000));
            Assert.That(rejected, Is.GreaterThan(1000));
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

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        switch (random.Next(5))
        {
            case 0:
                data[random.Next(data.Length)] = (byte)random.Next(256);
                break;
            case 1:
                // Attribute and message length fields sit at 4-byte boundaries: hit them on purpose.
                var at = random.Next(data.Length / 4) * 4;
                data[at] = (byte)random.Next(256);
                if (at + 1 < data.Length)
                {
                    data[at + 1] = (byte)random.Next(4);
                }

                break;
            case 2:
                Array.Resize(ref data, random.Next(data.Length));
                break;
            case 3:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                break;
            default:
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                data = [.. data, .. extra];
                break;
        }

        return data;
    }
}
