namespace MeshAgent.Core.Configuration.Reading;

/// <summary>The snake_case spellings of the config's enums, in the order the docs list them.</summary>
internal static class ConfigEnums
{
    public static ValueParser<MeshRole> Role { get; } = ValueParsers.Enum(Table(("hub", MeshRole.Hub), ("spoke", MeshRole.Spoke)));

    public static ValueParser<MeshBackend> Backend { get; } = ValueParsers.Enum(Table(
        ("auto", MeshBackend.Auto), ("kernel", MeshBackend.Kernel), ("userspace", MeshBackend.Userspace)));

    public static ValueParser<GossipPreset> Preset { get; } = ValueParsers.Enum(Table(
        ("lan", GossipPreset.Lan), ("wan", GossipPreset.Wan), ("local", GossipPreset.Local)));

    public static ValueParser<PortMapping> PortMapping { get; } = ValueParsers.Enum(Table(
        ("auto", Configuration.PortMapping.Auto), ("off", Configuration.PortMapping.Off)));

    public static ValueParser<BridgeAddressing> Addressing { get; } = ValueParsers.Enum(Table(
        ("manual", BridgeAddressing.Manual), ("auto", BridgeAddressing.Auto), ("none", BridgeAddressing.None)));

    private static Dictionary<string, T> Table<T>(params (string Name, T Value)[] entries)
    {
        var table = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            table.Add(name, value);
        }

        return table;
    }
}
