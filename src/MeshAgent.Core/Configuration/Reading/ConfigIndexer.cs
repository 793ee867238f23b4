using System.Globalization;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>
/// Walks the whole tree once: records the position of every path in the <see cref="ConfigContext"/> and
/// reports duplicate and non-scalar keys, wherever they are.
/// </summary>
internal static class ConfigIndexer
{
    /// <summary>
    /// Aliases share nodes, so a small text can expand to a huge tree ("billion laughs"); a real config has
    /// a few hundred nodes, so a walk past this many stops with one problem.
    /// </summary>
    public const int MaxNodes = 100_000;

    /// <summary>Indexes <paramref name="root"/> (the path of the root is "").</summary>
    public static void Index(ConfigNode root, ConfigContext context)
    {
        context.Locate(string.Empty, root.Mark, root.Mark);
        var budget = MaxNodes;
        if (!Walk(root, string.Empty, context, ref budget))
        {
            context.ReportAt(string.Empty, root.Mark, $"the document expands to more than {MaxNodes} nodes (aliases?)");
        }
    }

    /// <summary>False when the node budget ran out.</summary>
    private static bool Walk(ConfigNode node, string path, ConfigContext context, ref int budget)
    {
        if (--budget < 0)
        {
            return false;
        }

        switch (node)
        {
            case ConfigMapping mapping:
                var seen = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Entries)
                {
                    if (key is not ConfigScalar { IsNull: false } scalarKey)
                    {
                        context.ReportAt(path, key.Mark, $"a key must be a plain name, got {key.Description}");
                        continue;
                    }

                    var childPath = ConfigPath.Child(path, scalarKey.Value);
                    if (seen.TryGetValue(scalarKey.Value, out var first))
                    {
                        context.ReportAt(childPath, key.Mark, string.Create(CultureInfo.InvariantCulture, $"duplicate key '{scalarKey.Value}' (first at line {first.Line})"));
                        continue;
                    }

                    seen.Add(scalarKey.Value, key.Mark);
                    context.Locate(childPath, key.Mark, value.Mark);
                    if (!Walk(value, childPath, context, ref budget))
                    {
                        return false;
                    }
                }

                break;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var itemPath = ConfigPath.Item(path, i);
                    context.Locate(itemPath, sequence.Items[i].Mark, sequence.Items[i].Mark);
                    if (!Walk(sequence.Items[i], itemPath, context, ref budget))
                    {
                        return false;
                    }
                }

                break;
        }

        return true;
    }
}
