using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>
/// Reads the keys of one YAML mapping with typed parsers, reporting every problem to the context and
/// returning the default for a value that is absent or wrong. <see cref="Finish"/> reports the keys nobody
/// asked for as unknown, with a "did you mean" for near misses.
/// </summary>
internal sealed class MappingReader
{
    private readonly ConfigMapping _mapping;
    private readonly List<string> _known = [];

    private MappingReader(ConfigMapping mapping, string path, ConfigContext context)
    {
        _mapping = mapping;
        Path = path;
        Context = context;
    }

    /// <summary>The YAML path of this mapping ("" for the root).</summary>
    public string Path { get; }

    /// <summary>Where problems go.</summary>
    public ConfigContext Context { get; }

    /// <summary>
    /// A reader over <paramref name="node"/>, or null when <paramref name="node"/> is not a mapping (then a
    /// problem was reported). A null scalar (a key with nothing after it) reads as an empty mapping.
    /// </summary>
    public static MappingReader? Open(ConfigNode node, string path, ConfigContext context)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                return new MappingReader(mapping, path, context);
            case ConfigScalar { IsNull: true }:
                return new MappingReader(new ConfigMapping(node.Mark, []), path, context);
            default:
                context.Report(path, $"expected a mapping of keys, got {node.Description}");
                return null;
        }
    }

    /// <summary>The path of <paramref name="key"/> in this mapping.</summary>
    public string PathOf(string key) => ConfigPath.Child(Path, key);

    /// <summary>
    /// Declares <paramref name="key"/> known and returns its value node; null when the key is absent or its
    /// value is a YAML null (so "key:" with nothing after it means the default).
    /// </summary>
    public ConfigNode? Take(string key)
    {
        _known.Add(key);
        foreach (var (k, value) in _mapping.Entries)
        {
            if (k is ConfigScalar scalar && scalar.Value == key)
            {
                return value is ConfigScalar { IsNull: true } ? null : value;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="Take"/>, but a null value counts as present (for sections: "mesh:" turns the mesh on).</summary>
    public ConfigNode? TakeSection(string key)
    {
        _known.Add(key);
        foreach (var (k, value) in _mapping.Entries)
        {
            if (k is ConfigScalar scalar && scalar.Value == key)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads an optional nested mapping; null when absent or not a mapping.</summary>
    public MappingReader? Section(string key)
    {
        var node = TakeSection(key);
        return node is null ? null : Open(node, PathOf(key), Context);
    }

    /// <summary>Reads <paramref name="key"/> with <paramref name="parser"/>; false when absent or invalid (reported).</summary>
    public bool TryValue<T>(string key, ValueParser<T> parser, out T value)
    {
        var node = Take(key);
        if (node is null)
        {
            value = default!;
            return false;
        }

        return ScalarValue.TryRead(node, PathOf(key), parser, Context, out value);
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="default"/> when absent or invalid.</summary>
    public T Value<T>(string key, ValueParser<T> parser, T @default) =>
        TryValue(key, parser, out var value) ? value : @default;

    /// <summary>An optional reference-typed value; null when absent or invalid.</summary>
    public T? Optional<T>(string key, ValueParser<T> parser)
        where T : class =>
        TryValue(key, parser, out var value) ? value : null;

    /// <summary>An optional value-typed value; null when absent or invalid.</summary>
    public T? OptionalValue<T>(string key, ValueParser<T> parser)
        where T : struct =>
        TryValue(key, parser, out var value) ? value : null;

    /// <summary>A required value; reports "required" when absent and returns <paramref name="fallback"/> then.</summary>
    public T Required<T>(string key, ValueParser<T> parser, T fallback)
    {
        if (Take(key) is null)
        {
            Context.Report(PathOf(key), $"is required ({parser.Expected})");
            return fallback;
        }

        return TryValue(key, parser, out var value) ? value : fallback;
    }

    /// <summary>A list of scalars; <paramref name="default"/> when absent; invalid items are reported and skipped.</summary>
    public IReadOnlyList<T> List<T>(string key, ValueParser<T> parser, IReadOnlyList<T> @default)
    {
        var sequence = TakeList(key);
        if (sequence is null)
        {
            return @default;
        }

        var result = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (ScalarValue.TryRead(sequence.Items[i], ConfigPath.Item(PathOf(key), i), parser, Context, out var item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>A list of mappings, each read by <paramref name="read"/>; empty when absent.</summary>
    public IReadOnlyList<T> MappingList<T>(string key, Func<MappingReader, T?> read)
        where T : class
    {
        var sequence = TakeList(key);
        if (sequence is null)
        {
            return [];
        }

        var result = new List<T>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemReader = Open(sequence.Items[i], ConfigPath.Item(PathOf(key), i), Context);
            if (itemReader is null)
            {
                continue;
            }

            var item = read(itemReader);
            itemReader.Finish();
            if (item is not null)
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>True when the key is written in the file (even with a null value).</summary>
    public bool Has(string key) => Context.Contains(PathOf(key));

    /// <summary>Reports every key of this mapping that no reader asked for.</summary>
    public void Finish()
    {
        foreach (var (key, _) in _mapping.Entries)
        {
            if (key is ConfigScalar { IsNull: false } scalar && !_known.Contains(scalar.Value))
            {
                var suggestion = NearMiss.Suggest(scalar.Value, _known);
                var hint = suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
                Context.ReportAtKey(PathOf(scalar.Value), $"unknown key '{scalar.Value}'{hint}");
            }
        }
    }

    private ConfigSequence? TakeList(string key)
    {
        var node = Take(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigSequence sequence:
                return sequence;
            default:
                Context.Report(PathOf(key), $"expected a list, got {node.Description}");
                return null;
        }
    }
}
