using System.Globalization;
using System.Net;
using System.Text;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Configuration;

namespace MeshAgent.Benchmarks;

/// <summary>
/// The generated input every scenario feeds to both tools: a private key, a listen port and N peers, each
/// with an endpoint, keepalive 25 and one IPv4 /32 plus one IPv6 /128. Deterministic for a seed.
/// </summary>
internal sealed class PeerSet
{
    private PeerSet(string text, WgConfig config)
    {
        SetconfText = text;
        Config = config;
    }

    /// <summary>The file given to <c>wg setconf</c>.</summary>
    public string SetconfText { get; }

    /// <summary>The same file as parsed by our wg(8)-format parser.</summary>
    public WgConfig Config { get; }

    /// <summary>What <c>wg setconf</c> asks of the device, as our client's input (replace peers, absent fields reset).</summary>
    public DeviceConfig SetconfConfig => Config.ToDeviceConfig(append: false);

    /// <summary>Generates <paramref name="peers"/> peers listening on <paramref name="listenPort"/>.</summary>
    public static PeerSet Generate(int peers, int listenPort, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(peers * 200);
        text.Append(CultureInfo.InvariantCulture, $"[Interface]\nPrivateKey = {RandomKey(random, clamp: true).ToBase64()}\nListenPort = {listenPort}\n");
        for (var i = 0; i < peers; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[Peer]\nPublicKey = {RandomKey(random, clamp: false).ToBase64()}\n")
                .Append(CultureInfo.InvariantCulture, $"Endpoint = {Endpoint(i, 0)}\nPersistentKeepalive = 25\n")
                .Append(CultureInfo.InvariantCulture, $"AllowedIPs = 10.{(i >> 16) & 0xff}.{(i >> 8) & 0xff}.{i & 0xff}/32, fd00::{i >> 16:x}:{i & 0xffff:x}/128\n");
        }

        var textString = text.ToString();
        return new PeerSet(textString, WgConfigParser.Parse(textString, _ => null));
    }

    /// <summary>Endpoint number <paramref name="variant"/> of peer <paramref name="index"/> (documentation range, never reached).</summary>
    public static IPEndPoint Endpoint(int index, int variant) =>
        new(new IPAddress([192, 0, 2, (byte)(1 + (index % 250))]), 20000 + (index % 20000) + (variant * 7));

    /// <summary>This set with peer <paramref name="index"/> moved to endpoint variant <paramref name="variant"/>.</summary>
    public PeerSet WithEndpoint(int index, int variant)
    {
        var peers = Config.Peers.ToArray();
        peers[index] = peers[index] with { Endpoint = Endpoint(index, variant) };
        var config = Config with { Peers = peers };
        return new PeerSet(WgConfigWriter.Write(config.ToDesiredDevice("wg0")), config);
    }

    private static WireGuardKey RandomKey(Random random, bool clamp)
    {
        var bytes = new byte[WireGuardKey.Length];
        random.NextBytes(bytes);
        if (clamp)
        {
            bytes[0] &= 248;
            bytes[31] = (byte)((bytes[31] & 127) | 64);
        }

        return new WireGuardKey(bytes);
    }
}
