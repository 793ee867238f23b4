using MeshAgent.Firewall.Rules;

namespace MeshAgent.Firewall.Firewalld;

/// <summary>A <see cref="FirewallSpec"/> in firewalld's terms, with what firewalld cannot express. Pure.</summary>
/// <param name="Settings">The zone settings we want, in the order they are applied.</param>
/// <param name="Notices">One human line per part of the spec left to the admin.</param>
public sealed record FirewalldDesiredState(IReadOnlyList<FirewalldSetting> Settings, IReadOnlyList<string> Notices)
{
    /// <summary>
    /// Maps <paramref name="spec"/>: trusted interfaces into <paramref name="options"/>' zone (an interface the
    /// admin or NetworkManager bound to another zone stays there, with a notice), the UDP and TCP ports into the
    /// default zone (where the underlay lands unless bound elsewhere), masquerade in the zone of each WAN interface.
    /// Forwarding needs nothing more: a zone with target ACCEPT (trusted) forwards what enters it.
    /// </summary>
    /// <param name="spec">What the firewall must allow.</param>
    /// <param name="options">Our zone.</param>
    /// <param name="defaultZone">firewalld's default zone.</param>
    /// <param name="zoneOf">The runtime zone of an interface; empty when it is bound to none.</param>
    public static FirewalldDesiredState From(FirewallSpec spec, FirewalldOptions options, string defaultZone, Func<string, string> zoneOf)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zoneOf);
        var settings = new List<FirewalldSetting>();
        var notices = new List<string>();
        foreach (var name in spec.TrustedInterfaces.Distinct())
        {
            var current = zoneOf(name);
            if (current.Length == 0 || current == options.Zone)
            {
                settings.Add(FirewalldSetting.Interface(options.Zone, name));
            }
            else
            {
                notices.Add($"interface {name} is in firewalld zone {current} (bound by the admin or NetworkManager's connection.zone): left there, not moved to {options.Zone}");
            }
        }

        settings.AddRange(spec.UdpPorts.Distinct().Order().Select(port => FirewalldSetting.Port(defaultZone, port, "udp")));
        settings.AddRange(spec.TcpPorts.Distinct().Order().Select(port => FirewalldSetting.Port(defaultZone, port, "tcp")));
        if (spec.MasqueradeSources.Count > 0)
        {
            settings.AddRange(spec.MasqueradeInterfaces
                .Select(name => zoneOf(name) is { Length: > 0 } zone ? zone : defaultZone)
                .Distinct()
                .Select(FirewalldSetting.Masquerade));
        }

        if (spec.MssClampInterface is { } clamp)
        {
            notices.Add($"TCP MSS clamping on {clamp} is not applied: firewalld 1.3 offers it only as a policy rich rule (tcp-mss-clamp), which we do not manage");
        }

        if (spec.DropOtherInput)
        {
            notices.Add("drop_other_input does not apply with firewalld: its zones' targets decide what other input is dropped");
        }

        return new FirewalldDesiredState(settings.Distinct().ToList(), notices);
    }
}
