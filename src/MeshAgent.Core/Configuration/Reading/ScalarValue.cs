using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads one node as a scalar of a given kind, reporting a wrong node type or a parse error.</summary>
internal static class ScalarValue
{
    /// <summary>True and the value when <paramref name="node"/> is a valid scalar for <paramref name="parser"/>.</summary>
    public static bool TryRead<T>(ConfigNode node, string path, ValueParser<T> parser, ConfigContext context, out T value)
    {
        if (node is not ConfigScalar scalar || scalar.IsNull)
        {
            context.Report(path, $"expected {parser.Expected}, got {node.Description}");
            value = default!;
            return false;
        }

        var error = parser.Parse(scalar, out value);
        if (error is null)
        {
            return true;
        }

        context.Report(path, error);
        value = default!;
        return false;
    }
}
