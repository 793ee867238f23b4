using System.Globalization;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>
/// Walks the whole tree once: records the position of every path in the <see cref="ConfigContext"/> and
/// reports duplicate and non-scalar keys, wherever they are.
/// </summary>
internal static class ConfigIndexer
{
    /// <summary>Indexes <paramref name="root"/> (the path of the root is "").</summary>
    public static void Index(ConfigNode root, ConfigContext context)
    {
        context.Locate(string.Empty, root.Mark, root.Mark);
        Walk(root, string.Empty, context, depth: 0);
    }

    private static void Walk(ConfigNode node, string path, ConfigContext context, int depth)
    {
        // Aliases can make a tree reference itself; a config is never this deep.
        if (depth > 64)
        {
            return;
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
                    Walk(value, childPath, context, depth + 1);
                }

                break;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var itemPath = ConfigPath.Item(path, i);
                    context.Locate(itemPath, sequence.Items[i].Mark, sequence.Items[i].Mark);
                    Walk(sequence.Items[i], itemPath, context, depth + 1);
                }

                break;
        }
    }
}
