using System.Globalization;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>What kind of zone setting a <see cref="FirewalldSetting"/> is.</summary>
public enum FirewalldSettingKind
{
    /// <summary>An interface bound to the zone (addInterface).</summary>
    Interface,

    /// <summary>A port opened in the zone (addPort).</summary>
    Port,

    /// <summary>Masquerading out of the zone (addMasquerade).</summary>
    Masquerade,
}

/// <summary>Which firewalld configuration a call reads or changes.</summary>
public enum FirewalldScope
{
    /// <summary>The running firewall (lost on reload with FlushAllOnReload=yes, and at reboot).</summary>
    Runtime,

    /// <summary>The zone files (kept across reloads and reboots).</summary>
    Permanent,
}

/// <summary>
/// One setting we want in a firewalld zone: an interface, a port or masquerade. firewalld's own vocabulary, so
/// each maps to exactly one add/query/remove method of <c>org.fedoraproject.FirewallD1.zone</c>.
/// </summary>
/// <param name="Kind">Interface, port or masquerade.</param>
/// <param name="Zone">The zone's name ("trusted", "public").</param>
/// <param name="Value">The interface name, or the port number; empty for masquerade.</param>
/// <param name="Protocol">"udp" or "tcp" for ports; empty otherwise.</param>
public sealed record FirewalldSetting(FirewalldSettingKind Kind, string Zone, string Value, string Protocol)
{
    /// <summary>An interface bound to <paramref name="zone"/>.</summary>
    public static FirewalldSetting Interface(string zone, string name) => new(FirewalldSettingKind.Interface, zone, name, string.Empty);

    /// <summary>A port opened in <paramref name="zone"/>.</summary>
    public static FirewalldSetting Port(string zone, int port, string protocol) =>
        new(FirewalldSettingKind.Port, zone, port.ToString(CultureInfo.InvariantCulture), protocol);

    /// <summary>Masquerade in <paramref name="zone"/>.</summary>
    public static FirewalldSetting Masquerade(string zone) => new(FirewalldSettingKind.Masquerade, zone, string.Empty, string.Empty);

    /// <summary>For plans and logs: "interface wg0 in zone trusted", "port 51820/udp in zone public".</summary>
    public override string ToString() => Kind switch
    {
        FirewalldSettingKind.Interface => $"interface {Value} in zone {Zone}",
        FirewalldSettingKind.Port => $"port {Value}/{Protocol} in zone {Zone}",
        _ => $"masquerade in zone {Zone}",
    };
}
