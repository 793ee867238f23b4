using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshAgent.Core.Configuration.Yaml;

/// <summary>The outcome of parsing YAML text: a root node, or the position and text of a syntax error.</summary>
/// <param name="Root">The document's root node; null for an empty document or on error.</param>
/// <param name="Error">The syntax error message; null on success.</param>
/// <param name="ErrorMark">Where the syntax error is.</param>
internal sealed record ConfigYamlDocument(ConfigNode? Root, string? Error, SourceMark ErrorMark);

/// <summary>
/// Builds a <see cref="ConfigNode"/> tree from YamlDotNet parser events, keeping every node's position.
/// Aliases are resolved to the anchored node. Only one document is accepted.
/// </summary>
internal static class ConfigYamlParser
{
    /// <summary>Parses <paramref name="yaml"/>; never throws on malformed input.</summary>
    public static ConfigYamlDocument Parse(string yaml)
    {
        var anchors = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        var parser = new MarkTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return new ConfigYamlDocument(null, null, SourceMark.None);
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                return new ConfigYamlDocument(null, "a configuration file holds one YAML document, found a second one", ToMark(second.Start));
            }

            return new ConfigYamlDocument(root is ConfigScalar { IsNull: true } ? null : root, null, SourceMark.None);
        }
        catch (YamlException exception)
        {
            return new ConfigYamlDocument(null, SyntaxMessage(exception), ToMark(exception.Start));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some malformed input, e.g. an
            // unclosed flow sequence followed by a block mapping; the last good event locates it.
            return new ConfigYamlDocument(null, "YAML syntax error: malformed YAML after this point (an unclosed '[', '{' or quote?)", ToMark(parser.LastGoodEnd));
        }
    }

    private static ConfigNode ReadNode(IParser parser, Dictionary<string, ConfigNode> anchors)
    {
        ConfigNode node;
        var current = parser.Current ?? throw new YamlException("unexpected end of input");
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
                }

                return target;
            case Scalar scalar:
                parser.MoveNext();
                var isPlain = scalar.Style == ScalarStyle.Plain && (scalar.Tag.IsEmpty || scalar.Tag.Value != "tag:yaml.org,2002:str");
                node = new ConfigScalar(ToMark(scalar.Start), scalar.Value, isPlain);
                Remember(anchors, scalar.Anchor, node);
                return node;
            case SequenceStart sequenceStart:
                parser.MoveNext();
                var items = new List<ConfigNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, anchors));
                }

                node = new ConfigSequence(ToMark(sequenceStart.Start), items);
                Remember(anchors, sequenceStart.Anchor, node);
                return node;
            case MappingStart mappingStart:
                parser.MoveNext();
                var entries = new List<ConfigEntry>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, anchors);
                    var value = ReadNode(parser, anchors);
                    entries.Add(new ConfigEntry(key, value));
                }

                node = new ConfigMapping(ToMark(mappingStart.Start), entries);
                Remember(anchors, mappingStart.Anchor, node);
                return node;
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    /// <summary>Remembers where the last successfully parsed event ended.</summary>
    private sealed class MarkTrackingParser(IParser inner) : IParser
    {
        public Mark LastGoodEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastGoodEnd = current.End;
            }

            return moved;
        }
    }

    private static void Remember(Dictionary<string, ConfigNode> anchors, AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static SourceMark ToMark(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own position.
    private static string SyntaxMessage(YamlException exception)
    {
        var message = exception.Message;
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = marker >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
        return "YAML syntax error: " + text.TrimEnd('.').Trim();
    }
}
