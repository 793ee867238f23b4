namespace MeshAgent.Core.Configuration.Values;

/// <summary>
/// DNS labels and names (RFC 1035 letters-digits-hyphen, RFC 1123 allows a leading digit). Names in the
/// config end up in dnsmasq's configuration, so anything else (',', '=', space, newline) is rejected here.
/// </summary>
public static class DnsName
{
    /// <summary>RFC 1035 section 2.3.4.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>RFC 1035 section 2.3.4 (text form without the trailing dot).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Null when <paramref name="label"/> is one valid DNS label, else why not.</summary>
    public static string? CheckLabel(string label)
    {
        if (label.Length == 0)
        {
            return "a DNS label cannot be empty";
        }

        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                var dotHint = c == '.' ? " (one label, no dots)" : string.Empty;
                return $"'{Printable.Escape(label)}' contains {Printable.Describe(c)}; a DNS label has only letters, digits and '-'{dotHint}";
            }
        }

        if (label.Length > MaxLabelLength)
        {
            return $"'{label}' is {label.Length} characters; a DNS label has at most {MaxLabelLength}";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return $"'{label}' starts or ends with '-', which a DNS label cannot";
        }

        return null;
    }

    /// <summary>Null when <paramref name="name"/> is a valid dotted DNS name ("lan", "home.arpa"), else why not.</summary>
    public static string? CheckName(string name)
    {
        if (name.Length > MaxNameLength)
        {
            return $"'{name}' is longer than {MaxNameLength} characters";
        }

        foreach (var label in name.Split('.'))
        {
            if (CheckLabel(label) is { } error)
            {
                return label.Length == 0 ? $"'{Printable.Escape(name)}' has an empty label" : error;
            }
        }

        return null;
    }
}
