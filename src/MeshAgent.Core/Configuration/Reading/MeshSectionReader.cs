using System.Net;

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

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static MeshConfig Read(MappingReader reader)
    {
        var defaults = new MeshConfig { Prefix = default };
        return new MeshConfig
        {
            Interface = reader.Value("interface", ValueParsers.InterfaceName, defaults.Interface),
            Prefix = reader.Required("prefix", ValueParsers.Network, default),
            Address = reader.Optional("address", ValueParsers.InterfaceAddress),
            ListenPort = reader.Value("listen_port", ValueParsers.Port, defaults.ListenPort),
            Mtu = reader.Value("mtu", ValueParsers.Int(1280, 65535), defaults.Mtu),
            Role = reader.Value("role", ConfigEnums.Role, defaults.Role),
            Endpoint = reader.Optional("endpoint", ValueParsers.Endpoint()),
            Backend = reader.Value("backend", ConfigEnums.Backend, defaults.Backend),
            UserspaceBinary = reader.Value("userspace_binary", ValueParsers.Program, defaults.UserspaceBinary),
            PersistentKeepalive = reader.Value("persistent_keepalive", Keepalive, defaults.PersistentKeepalive),
            DirectPathTimeout = reader.Value("direct_path_timeout", ValueParsers.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)), defaults.DirectPathTimeout),
            Hubs = reader.MappingList("hubs", ReadHub),
        };
    }

    private static MeshHub ReadHub(MappingReader reader) => new()
    {
        Name = reader.Required("name", ValueParsers.DnsLabel, string.Empty),
        PublicKey = reader.Required("public_key", ValueParsers.Key, string.Empty),
        Endpoint = reader.Required("endpoint", ValueParsers.Endpoint(), new IPEndPoint(IPAddress.None, 0)),
        Address = reader.Required("address", ValueParsers.Address, IPAddress.None),
    };
}
