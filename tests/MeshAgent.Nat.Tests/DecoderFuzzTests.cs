using MeshAgent.Nat;
using MeshAgent.Nat.NatPmp;
using MeshAgent.Nat.Pcp;
using MeshAgent.Nat.Upnp;

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

    [Test]
    public void SsdpDecode_MillionMutations_OnlyTypedErrors()
    {
        byte[][] seeds =
        [
            "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nUSN: uuid:a::b\r\nEXT:\r\nSERVER: Linux UPnP/1.1 MiniUPnPd/2.3.1\r\nLOCATION: http://10.77.0.1:5000/rootDesc.xml\r\n\r\n"u8.ToArray(),
            "HTTP/1.1 200 OK\r\nLocation: http://[fe80::1]:49152/desc.xml\r\nST: upnp:rootdevice\r\n\r\n"u8.ToArray(),
        ];

        AssertTypedOnly("SSDP", seeds, input => SsdpCodec.Decode(input), Tokens("\r\n", ":", " ", "LOCATION: ", "http://", "HTTP/1.1 200 OK", "\0", "\u00ff"));
    }

    [Test]
    public void SoapDecode_MillionMutations_OnlyTypedErrors()
    {
        byte[][] seeds =
        [
            "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddressResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"><NewExternalIPAddress>203.0.113.5</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>"u8.ToArray(),
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><detail><UPnPError><errorCode>725</errorCode><errorDescription>x</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>"u8.ToArray(),
        ];

        AssertTypedOnly("SOAP", seeds, input => SoapCodec.Decode(input, "GetExternalIPAddress"), XmlTokens);
    }

    [Test]
    public void RootDescriptionParse_MillionMutations_OnlyTypedErrors()
    {
        var location = new Uri("http://10.77.0.1:5000/rootDesc.xml");
        byte[][] seeds =
        [
            "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><URLBase>http://10.77.0.1:5000/</URLBase><device><deviceList><device><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><controlURL>ctl/IPConn</controlURL></service></serviceList></device></deviceList></device></root>"u8.ToArray(),
            "<root><device><serviceList><service><serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</serviceType><controlURL>/p</controlURL></service><service/></serviceList></device></root>"u8.ToArray(),
        ];

        AssertTypedOnly("root description", seeds, input => RootDescription.Parse(input, location), XmlTokens);
    }

    private static readonly byte[][] XmlTokens = Tokens("<", ">", "</", "/>", "&", "&amp;", "&#0;", "<!DOCTYPE x [<!ENTITY e \"e\">]>", "<![CDATA[", "]]>", "\"", "=", "xmlns:u=\"\"", "<service>", "<controlURL>", "http://", "..", "\u00e9", "\ufeff");

    private static byte[][] Tokens(params string[] tokens) => [.. tokens.Select(t => System.Text.Encoding.UTF8.GetBytes(t))];

    private static void AssertTypedOnly(string name, byte[][] seeds, Action<byte[]> decode, byte[][] tokens)
    {
        var (decoded, rejected) = Fuzz(seeds, decode, tokens);

        TestContext.Out.WriteLine($"{name} fuzz: seed {Seed}, {Inputs} inputs, {decoded} decoded, {rejected} rejected as malformed");
        Assert.Multiple(() =>
        {
            Assert.That(decoded + rejected, Is.EqualTo(Inputs));
            Assert.That(decoded, Is.GreaterThan(0));
            Assert.That(rejected, Is.GreaterThan(0));
        });
    }

    private static (int Decoded, int Rejected) Fuzz(byte[][] seeds, Action<byte[]> decode, byte[][]? tokens = null)
    {
        var random = new Random(Seed);
        int decoded = 0, rejected = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random, tokens);
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

    private static byte[] Mutate(byte[] seed, Random random, byte[][]? tokens)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(tokens is null ? 4 : 6))
            {
                // Text protocols: splice a token where the decoder branches, or cut the message short.
                case 4:
                    bytes.InsertRange(random.Next(bytes.Count + 1), tokens![random.Next(tokens.Length)]);
                    break;
                case 5 when bytes.Count > 0:
                    var start = random.Next(bytes.Count);
                    bytes.RemoveRange(start, random.Next(1, Math.Min(16, bytes.Count - start) + 1));
                    break;
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
