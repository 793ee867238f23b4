using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MeshAgent.Lab;

/// <summary>
/// Names of lab objects. Every namespace, bridge and veth leg starts with the run's prefix ("ma" and
/// four random characters) so concurrent runs never collide and leftovers are attributable.
/// </summary>
public static partial class LabNames
{
    /// <summary>Linux IFNAMSIZ - 1.</summary>
    public const int MaxInterfaceName = 15;

    /// <summary>Longest short name of a host or switch, so "prefix-name" fits an interface name.</summary>
    public const int MaxShortName = 8;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new random prefix: "ma" and four characters of [a-z0-9].</summary>
    public static string NewPrefix() => "ma" + RandomNumberGenerator.GetString(Alphabet, 4);

    /// <summary>True for strings shaped like <see cref="NewPrefix"/>.</summary>
    public static bool IsPrefix(string text) => PrefixPattern().IsMatch(text);

    /// <summary>Checks a short host or switch name: 1–8 of [a-z0-9].</summary>
    /// <exception cref="ArgumentException">The name does not fit.</exception>
    public static void ValidateShortName(string name)
    {
        if (!ShortNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Lab names are 1-{MaxShortName} characters of [a-z0-9]: '{name}'", nameof(name));
        }
    }

    /// <summary>Checks an interface name a test chose for inside a host.</summary>
    /// <exception cref="ArgumentException">Empty, longer than 15, or with '/', ':' or white space.</exception>
    public static void ValidateInterfaceName(string name)
    {
        if (name.Length is 0 or > MaxInterfaceName || name.IndexOfAny(['/', ':', ' ', '\t', '\n']) >= 0)
        {
            throw new ArgumentException($"Not a usable interface name: '{name}'", nameof(name));
        }
    }

    [GeneratedRegex("^ma[a-z0-9]{4}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-z0-9]{1,8}$")]
    private static partial Regex ShortNamePattern();
}
