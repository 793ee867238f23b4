namespace MeshAgent.Core.Configuration.Values;

/// <summary>Linux network interface names as the kernel accepts them (dev_valid_name in net/core/dev.c).</summary>
internal static class InterfaceName
{
    /// <summary>IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int MaxLength = 15;

    /// <summary>Null when <paramref name="name"/> is a valid interface name, else why not.</summary>
    public static string? Check(string name)
    {
        if (name.Length == 0)
        {
            return "an interface name cannot be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"interface name '{name}' is {name.Length} characters, at most {MaxLength} are allowed";
        }

        if (name is "." or "..")
        {
            return $"'{name}' is not a valid interface name";
        }

        foreach (var c in name)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"interface name '{Printable.Escape(name)}' contains {Printable.Describe(c)}, which is not allowed";
            }
        }

        return null;
    }
}
