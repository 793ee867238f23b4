using MeshAgent.Core.Configuration.Values;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads and validates the "node" section.</summary>
internal static class NodeSectionReader
{
    /// <summary>Reads <paramref name="reader"/> (null when the section is absent: all defaults).</summary>
    public static NodeConfig Read(MappingReader? reader, ConfigContext context)
    {
        var defaults = new NodeConfig { Name = HostNameDefault.NodeName(context.Environment.HostName) };
        if (reader is null)
        {
            CheckDefaultName(defaults.Name, context);
            return defaults;
        }

        var hasName = reader.TryValue("name", ValueParsers.DnsLabel, out var name);
        if (!hasName && !reader.Has("name"))
        {
            CheckDefaultName(defaults.Name, context);
        }

        return new NodeConfig
        {
            Name = hasName ? name : defaults.Name,
            StateDirectory = reader.Value("state_dir", ValueParsers.AbsolutePath, defaults.StateDirectory),
            RuntimeDirectory = reader.Value("runtime_dir", ValueParsers.AbsolutePath, defaults.RuntimeDirectory),
        };
    }

    private static void CheckDefaultName(string name, ConfigContext context)
    {
        if (DnsName.CheckLabel(name) is not null)
        {
            context.Report("node.name", $"the host name '{Printable.Escape(name)}' is not a valid DNS label, so node.name must be set");
        }
    }
}
