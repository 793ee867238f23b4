namespace MeshAgent.Firewall.Firewalld;

/// <summary>
/// firewalld's error replies: D-Bus error <c>org.fedoraproject.FirewallD1.Exception</c> whose message starts with
/// a code ("ALREADY_ENABLED: 51820:udp"). Pure.
/// </summary>
public static class FirewalldErrors
{
    /// <summary>The D-Bus error name of every firewalld failure.</summary>
    public const string ErrorName = "org.fedoraproject.FirewallD1.Exception";

    /// <summary>The code at the start of <paramref name="message"/>: "ALREADY_ENABLED"; the whole message when it has no colon.</summary>
    public static string CodeOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? message : message[..colon]).Trim();
    }

    /// <summary>
    /// True when an add failed only because the setting is there already: ALREADY_ENABLED, or ZONE_ALREADY_SET
    /// (firewalld's answer to addInterface for an interface already in that zone).
    /// </summary>
    public static bool MeansAlreadyPresent(string code) => code is "ALREADY_ENABLED" or "ZONE_ALREADY_SET";

    /// <summary>True when a remove failed only because the setting is absent already (NOT_ENABLED, UNKNOWN_INTERFACE).</summary>
    public static bool MeansAlreadyAbsent(string code) => code is "NOT_ENABLED" or "UNKNOWN_INTERFACE";
}
