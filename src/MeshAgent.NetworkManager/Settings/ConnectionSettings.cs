using System.Collections.Immutable;
using System.Text;

namespace MeshAgent.NetworkManager.Settings;

/// <summary>
/// A connection profile as NetworkManager exchanges it over D-Bus (<c>a{sa{sv}}</c>): sections
/// ("connection", "bridge", "ipv4", ...) of typed values. Immutable; <see cref="With"/> returns a copy.
/// </summary>
public sealed class ConnectionSettings
{
    /// <summary>Section "connection".</summary>
    public const string ConnectionSection = "connection";

    private readonly ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, SettingValue>> _sections;

    private ConnectionSettings(ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, SettingValue>> sections) =>
        _sections = sections;

    /// <summary>A profile with no sections.</summary>
    public static ConnectionSettings Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, SettingValue>>(StringComparer.Ordinal));

    /// <summary>Section names in ordinal order.</summary>
    public IEnumerable<string> SectionNames => _sections.Keys;

    /// <summary>The keys and values of one section (empty when the section is absent), keys in ordinal order.</summary>
    public IReadOnlyDictionary<string, SettingValue> Section(string name) =>
        _sections.TryGetValue(name, out var section)
            ? section
            : ImmutableSortedDictionary<string, SettingValue>.Empty;

    /// <summary>True when the section exists (it may be empty: NM uses empty sections such as "bridge": {}).</summary>
    public bool HasSection(string name) => _sections.ContainsKey(name);

    /// <summary>The value at section.key, or null.</summary>
    public SettingValue? Get(string section, string key) =>
        _sections.TryGetValue(section, out var s) && s.TryGetValue(key, out var v) ? v : null;

    /// <summary>The string at section.key, or null when absent or not a string.</summary>
    public string? GetString(string section, string key) => (Get(section, key) as StringSettingValue)?.Value;

    /// <summary>connection.id.</summary>
    public string? Id => GetString(ConnectionSection, "id");

    /// <summary>connection.uuid.</summary>
    public string? Uuid => GetString(ConnectionSection, "uuid");

    /// <summary>connection.type ("bridge", "802-3-ethernet").</summary>
    public string? Type => GetString(ConnectionSection, "type");

    /// <summary>connection.interface-name.</summary>
    public string? InterfaceName => GetString(ConnectionSection, "interface-name");

    /// <summary>A copy with section.key set to <paramref name="value"/> (the section is created if needed).</summary>
    public ConnectionSettings With(string section, string key, SettingValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var s = _sections.TryGetValue(section, out var existing)
            ? existing
            : ImmutableSortedDictionary.Create<string, SettingValue>(StringComparer.Ordinal);
        return new ConnectionSettings(_sections.SetItem(section, s.SetItem(key, value)));
    }

    /// <summary>A copy with an (empty, if new) section <paramref name="section"/>.</summary>
    public ConnectionSettings WithSection(string section) =>
        _sections.ContainsKey(section)
            ? this
            : new ConnectionSettings(_sections.Add(section, ImmutableSortedDictionary.Create<string, SettingValue>(StringComparer.Ordinal)));

    /// <summary>All values as "section.key=value" lines in ordinal order; used for snapshots and logs.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (section, values) in _sections)
        {
            if (values.IsEmpty)
            {
                text.Append(section).Append(".{}\n");
            }

            foreach (var (key, value) in values)
            {
                text.Append(section).Append('.').Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }
}
