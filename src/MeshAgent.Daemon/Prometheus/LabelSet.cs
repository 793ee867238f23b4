using System.Collections.Immutable;
using System.Text;

namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// An immutable set of label name/value pairs, sorted by name (ordinal) so that equal sets compare equal
/// and print in a stable order. Value equality; safe to share between threads.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly string _key;

    /// <summary>The set with no labels.</summary>
    public static LabelSet Empty { get; } = new([]);

    /// <summary>Creates a set; a later duplicate name replaces an earlier one.</summary>
    public LabelSet(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            byName[name] = value ?? string.Empty;
        }

        Labels = [.. byName];
        var key = new StringBuilder();
        foreach (var (name, value) in Labels)
        {
            // Separators cannot occur in label names and are unlikely in values; the count of labels
            // and lengths make the key unambiguous anyway.
            key.Append(name.Length).Append(':').Append(name).Append('=').Append(value.Length).Append(':').Append(value).Append(';');
        }

        _key = key.ToString();
    }

    /// <summary>The pairs, sorted by name.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Labels { get; }

    /// <summary>Creates a set from name/value pairs.</summary>
    public static LabelSet Of(params (string Name, string Value)[] labels) =>
        new(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    /// <inheritdoc />
    public bool Equals(LabelSet? other) => other is not null && string.Equals(_key, other._key, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_key);

    /// <summary>A stable ordinal sort key for series ordering.</summary>
    internal string SortKey => _key;

    /// <inheritdoc />
    public override string ToString() => string.Join(',', Labels.Select(l => $"{l.Key}={l.Value}"));
}
