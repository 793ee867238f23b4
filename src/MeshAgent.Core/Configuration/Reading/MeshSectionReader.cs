using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "mesh" section; field checks here, cross-field rules in <see cref="Validation.MeshValidator"/>.</summary>
internal static class MeshSectionReader
{
    /// <summary>WireGuard's persistent keepalive is a 16-bit count of seconds.</summary>
    private static readonly TimeSpan MaxKeepalive = TimeSpan.FromSeconds(ushort.MaxValue);

    private static readonly ValueParser<TimeSpan?> Keepalive = new("a duration like 25s, or off", (Yaml.ConfigScalar s, out TimeSpan? v) =>
    {
        v = null;
        if (s.Value == "off")
        {
            return null;
        }

        var error = ValueParsers.Duration(TimeSpan.FromSeconds(1), MaxKeepalive).Parse(s, out var duration);
        if (error is not null)
        {
            return error + " (or off)";
        }

        if (duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return $"{s.Value} must be whole seconds (WireGuard counts keepalive in seconds)";
        }

        v = duration;
        return null;
    });

    // Off by default; a rotation every hour at most keeps the authority's work and the gossip of new records small.
    private static readonly ValueParser<TimeSpan?> KeyRotation = new("a duration like 90d, or off", (Yaml.ConfigScalar s, out TimeSpan? v) =>
    {
        v = null;
        if (s.Value == "off")
        {
            return null;
        }

        var error = ValueParsers.Duration(TimeSpan.FromHours(1), TimeSpan.FromDays(3650)).Parse(s, out var duration);
        if (error is not null)
        {
            return error + " (or off)";
        }

        v = duration;
        return null;
    });

    // Node records carry an IPv4 mesh address and optionally an IPv6 one, so the mesh has one prefix of each.
    private static readonly ValueParser<IPNetwork> PrefixV4 = ValueParsers.Network.Where(n =>
        n.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? null : $"{n} is not IPv4; an IPv6 mesh prefix goes in mesh.prefix_v6");

    private static readonly ValueParser<IPNetwork> PrefixV6 = ValueParsers.Network.Where(n =>
        n.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? null : $"{n} is not an IPv6 prefix");

    private static readonly ValueParser<InterfaceAddress> AddressV4 = ValueParsers.InterfaceAddress.Where(a =>
        a.Address.AddressFamily == AddressFamily.InterNetwork ? null : $"{a} is not IPv4 (the mesh address is IPv4, inside mesh.prefix)");

    private static readonly ValueParser<IPAddress> HubAddress = ValueParsers.Address.Where(a =>
        a.AddressFamily == AddressFamily.InterNetwork ? null : $"{a} is not IPv4 (a hub's mesh address is IPv4, inside mesh.prefix)");

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static MeshConfig Read(MappingReader reader)
    {
        var defaults = new MeshConfig { Prefix = default };
        return new MeshConfig
        {
            Interface = reader.Value("interface", ValueParsers.InterfaceName, defaults.Interface),
            Prefix = reader.Required("prefix", PrefixV4, default),
            PrefixV6 = reader.OptionalValue("prefix_v6", PrefixV6),
            Address = reader.Optional("address", AddressV4),
            ListenPort = reader.Value("listen_port", ValueParsers.Port, defaults.ListenPort),
            Mtu = reader.Value("mtu", ValueParsers.Int(1280, 65535), defaults.Mtu),
            Role = reader.Value("role", ConfigEnums.Role, defaults.Role),
            Endpoint = reader.Optional("endpoint", ValueParsers.Endpoint()),
            Backend = reader.Value("backend", ConfigEnums.Backend, defaults.Backend),
            UserspaceBinary = reader.Value("userspace_binary", ValueParsers.Program, defaults.UserspaceBinary),
            PersistentKeepalive = reader.Value("persistent_keepalive", Keepalive, defaults.PersistentKeepalive),
            DirectPathTimeout = reader.Value("direct_path_timeout", ValueParsers.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)), defaults.DirectPathTimeout),
            KeyRotation = reader.Value("key_rotation", KeyRotation, defaults.KeyRotation),
            Hubs = reader.MappingList("hubs", ReadHub),
        };
    }

    private static MeshHub ReadHub(MappingReader reader) => new()
    {
        Name = reader.Required("name", ValueParsers.DnsLabel, string.Empty),
        PublicKey = reader.Required("public_key", ValueParsers.Key, string.Empty),
        Endpoint = reader.Required("endpoint", ValueParsers.Endpoint(), new IPEndPoint(IPAddress.None, 0)),
        Address = reader.Required("address", HubAddress, IPAddress.None),
    };
}
