using System.Globalization;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Builds YAML paths as printed in problems: "mesh.hubs[1].endpoint".</summary>
internal static class ConfigPath
{
    /// <summary>The path of <paramref name="key"/> inside the mapping at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    /// <summary>The path of item <paramref name="index"/> (0-based) of the list at <paramref name="parent"/>.</summary>
    public static string Item(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>The parent path: "mesh.hubs[1].endpoint" gives "mesh.hubs[1]", "mesh.hubs[1]" gives "mesh.hubs"; "" for a top-level key.</summary>
    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? string.Empty : path[..cut];
    }
}
