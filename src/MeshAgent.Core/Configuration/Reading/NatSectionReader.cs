namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "nat" section.</summary>
internal static class NatSectionReader
{
    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static NatConfig Read(MappingReader reader) => new()
    {
        PortMapping = reader.Value("port_mapping", ConfigEnums.PortMapping, PortMapping.Auto),
        Gateway = reader.Optional("gateway", ValueParsers.Address),
    };
}
