namespace MeshAgent.NetworkManager.Settings;

/// <summary>
/// Compares a desired profile with the one NetworkManager holds, key by key, looking only at the keys
/// the desired profile sets: NM adds its own keys (timestamps, legacy "addresses", normalised defaults)
/// that are not ours to judge. A key NM omits counts as NM's default (GetSettings leaves out some keys
/// that sit at their default value). Pure.
/// </summary>
public static class SettingsDifference
{
    // NM's defaults for the keys we write that GetSettings may leave out when they are at the default.
    private static readonly Dictionary<(string Section, string Key), SettingValue> Defaults = new()
    {
        [("connection", "autoconnect")] = SettingValue.Of(true),
        [("bridge", "stp")] = SettingValue.Of(true),
    };

    /// <summary>
    /// The keys where <paramref name="actual"/> differs from <paramref name="desired"/>, as
    /// "section.key actual -> desired" lines in ordinal order; empty when NM's profile matches.
    /// </summary>
    public static IReadOnlyList<string> Compare(ConnectionSettings desired, ConnectionSettings actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        foreach (var section in desired.SectionNames)
        {
            foreach (var (key, want) in desired.Section(section))
            {
                var have = actual.Get(section, key) ?? Defaults.GetValueOrDefault((section, key));
                if (!want.Equals(have))
                {
                    differences.Add($"{section}.{key} {Describe(have)} -> {Describe(want)}");
                }
            }
        }

        return differences;
    }

    private static string Describe(SettingValue? value) => value is null ? "(unset)" : $"'{value}'";
}
