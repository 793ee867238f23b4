namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "gossip" section.</summary>
internal static class GossipSectionReader
{
    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static GossipConfig Read(MappingReader reader)
    {
        var defaults = new GossipConfig();
        var bind = reader.Optional("bind", ValueParsers.Address);
        var advertise = reader.Optional("advertise", ValueParsers.Address.Where(a =>
            a.Equals(System.Net.IPAddress.Any) || a.Equals(System.Net.IPAddress.IPv6Any) ? $"cannot advertise the wildcard address {a}" : null));
        var port = reader.Value("port", ValueParsers.Port, defaults.Port);
        return new GossipConfig
        {
            Bind = bind,
            Advertise = advertise,
            Port = port,
            KeyFile = reader.Optional("key_file", ValueParsers.AbsolutePath),
            Preset = reader.Value("preset", ConfigEnums.Preset, defaults.Preset),
            Join = reader.List("join", ValueParsers.Endpoint(defaultPort: port), []),
        };
    }
}
