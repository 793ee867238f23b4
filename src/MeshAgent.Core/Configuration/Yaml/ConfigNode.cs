namespace MeshAgent.Core.Configuration.Yaml;

/// <summary>
/// A node of a parsed YAML document with its position. Unlike YamlDotNet's representation model it keeps
/// duplicate mapping keys (so they can be reported) and never throws on them.
/// </summary>
internal abstract class ConfigNode(SourceMark mark)
{
    /// <summary>Where the node starts.</summary>
    public SourceMark Mark { get; } = mark;

    /// <summary>"a mapping", "a list", "a string": used in "expected X, got Y" messages.</summary>
    public abstract string Description { get; }
}

/// <summary>A scalar. Plain scalars may be null, booleans or numbers; quoted ones are always strings.</summary>
internal sealed class ConfigScalar(SourceMark mark, string value, bool isPlain) : ConfigNode(mark)
{
    /// <summary>The scalar text without quotes.</summary>
    public string Value { get; } = value;

    /// <summary>True for a plain (unquoted, untagged as string) scalar.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML core schema null: empty, "~" or "null" in plain style.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string Description => IsNull ? "null" : $"'{Value}'";
}

/// <summary>One key/value pair of a mapping, in document order.</summary>
internal sealed record ConfigEntry(ConfigNode Key, ConfigNode Value);

/// <summary>A mapping; entries keep document order and duplicates.</summary>
internal sealed class ConfigMapping(SourceMark mark, IReadOnlyList<ConfigEntry> entries) : ConfigNode(mark)
{
    /// <summary>The entries in document order.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; } = entries;

    /// <inheritdoc />
    public override string Description => "a mapping";
}

/// <summary>A sequence.</summary>
internal sealed class ConfigSequence(SourceMark mark, IReadOnlyList<ConfigNode> items) : ConfigNode(mark)
{
    /// <summary>The items in document order.</summary>
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Description => "a list";
}
