using MeshAgent.Core.Configuration.Validation;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the top level of agent.yaml: one reader per section, then the cross-section rules.</summary>
internal static class AgentConfigReader
{
    /// <summary>Reads the document <paramref name="root"/>; problems go to <paramref name="context"/>.</summary>
    public static AgentConfig Read(ConfigNode root, ConfigContext context)
    {
        var reader = MappingReader.Open(root, string.Empty, context);
        if (reader is null)
        {
            return new AgentConfig();
        }

        var config = new AgentConfig
        {
            Node = Section(reader, "node", r => NodeSectionReader.Read(r, context)) ?? NodeSectionReader.Read(null, context),
            Http = Section(reader, "http", HttpSectionReader.Read) ?? HttpSectionReader.Read(null),
            Mesh = Section(reader, "mesh", MeshSectionReader.Read),
            Gossip = Section(reader, "gossip", GossipSectionReader.Read),
            Authority = Section(reader, "authority", AuthoritySectionReader.Read),
            Join = Section(reader, "join", JoinSectionReader.Read),
            Vrb = Section(reader, "vrb", VrbSectionReader.Read),
            DnsDhcp = Section(reader, "dns_dhcp", DnsDhcpSectionReader.Read),
            Nat = Section(reader, "nat", NatSectionReader.Read),
            Firewall = Section(reader, "firewall", FirewallSectionReader.Read),
        };
        reader.Finish();

        if (config.Mesh is { } mesh)
        {
            MeshValidator.Validate(mesh, context, signed: config.Authority is not null);
        }

        VrbValidator.Validate(config, context);
        DnsDhcpValidator.Validate(config, context);
        SectionDependencyValidator.Validate(config, context);
        KeyFileValidator.Validate(config, context);
        return config;
    }

    /// <summary>Reads section <paramref name="key"/> with <paramref name="read"/>, then reports its unknown keys; null when absent.</summary>
    private static T? Section<T>(MappingReader root, string key, Func<MappingReader, T> read)
        where T : class
    {
        var section = root.Section(key);
        if (section is null)
        {
            return null;
        }

        var value = read(section);
        section.Finish();
        return value;
    }
}
