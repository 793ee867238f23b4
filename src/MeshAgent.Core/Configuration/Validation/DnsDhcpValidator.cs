using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using MeshAgent.Core.Configuration.Reading;
using MeshAgent.Core.Configuration.Values;

namespace MeshAgent.Core.Configuration.Validation;

/// <summary>
/// Cross-field rules of "dns_dhcp": DHCP ranges and reservations lie inside the subnet of a VRB bridge that
/// dnsmasq serves, never hit the bridge's own, network or broadcast address, and reservations are unique.
/// </summary>
internal static class DnsDhcpValidator
{
    /// <summary>Checks <paramref name="config"/>.DnsDhcp; problems go to <paramref name="context"/>.</summary>
    public static void Validate(AgentConfig config, ConfigContext context)
    {
        if (config.DnsDhcp is not { } dns)
        {
            return;
        }

        if (dns.Domain == dns.MeshDomain && context.AreClean("dns_dhcp.domain", "dns_dhcp.mesh_domain"))
        {
            context.Report("dns_dhcp.mesh_domain", $"must differ from dns_dhcp.domain ('{dns.Domain}')");
        }

        if (dns.Dhcp is not { } dhcp)
        {
            return;
        }

        var subnets = ServedSubnets(config, dns, context);
        for (var i = 0; i < dhcp.Ranges.Count; i++)
        {
            CheckRange(dhcp.Ranges[i], ConfigPath.Item("dns_dhcp.dhcp.ranges", i), subnets, context);
        }

        var macs = new Dictionary<PhysicalAddress, int>();
        var addresses = new Dictionary<IPAddress, int>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dhcp.Reservations.Count; i++)
        {
            var reservation = dhcp.Reservations[i];
            var path = ConfigPath.Item("dns_dhcp.dhcp.reservations", i);
            var addressPath = ConfigPath.Child(path, "address");
            if (context.IsClean(addressPath))
            {
                CheckAddress(reservation.Address, addressPath, subnets, context);
            }

            Unique(macs, reservation.Mac, i, ConfigPath.Child(path, "mac"), "MAC address", context);
            Unique(addresses, reservation.Address, i, addressPath, "address", context);
            if (reservation.Name is { } name)
            {
                Unique(names, name, i, ConfigPath.Child(path, "name"), "name", context);
            }
        }
    }

    /// <summary>The addressed VRB bridges dnsmasq serves (listed in dns_dhcp.interfaces); empty when none is known.</summary>
    private static List<(string Bridge, InterfaceAddress Address)> ServedSubnets(AgentConfig config, DnsDhcpConfig dns, ConfigContext context)
    {
        var subnets = new List<(string, InterfaceAddress)>();
        foreach (var (bridge, path) in new[] { (config.Vrb?.Lan, "vrb.lan"), (config.Vrb?.Ext, "vrb.ext") })
        {
            if (bridge is { Address: { } address } && bridge.Addressing == BridgeAddressing.Manual
                && dns.Interfaces.Contains(bridge.Bridge) && context.IsClean(path))
            {
                subnets.Add((bridge.Bridge, address));
            }
        }

        return subnets;
    }

    private static void CheckRange(DhcpRange range, string path, List<(string Bridge, InterfaceAddress Address)> subnets, ConfigContext context)
    {
        if (subnets.Count == 0 || !context.IsClean(path))
        {
            return;
        }

        foreach (var (bridge, address) in subnets)
        {
            if (!address.Network.Contains(range.Start) || !address.Network.Contains(range.End))
            {
                continue;
            }

            if (Within(range, address.Address))
            {
                context.Report(path, $"{range} includes {bridge}'s own address {address.Address}");
            }
            else if (Within(range, address.Network.BaseAddress) && address.Broadcast is not null)
            {
                context.Report(path, $"{range} includes the network address {address.Network.BaseAddress}");
            }
            else if (address.Broadcast is { } broadcast && Within(range, broadcast))
            {
                context.Report(path, $"{range} includes the broadcast address {broadcast}");
            }

            return;
        }

        context.Report(path, $"{range} is not inside the subnet of {Describe(subnets)}");
    }

    private static void CheckAddress(IPAddress value, string path, List<(string Bridge, InterfaceAddress Address)> subnets, ConfigContext context)
    {
        if (subnets.Count == 0)
        {
            return;
        }

        foreach (var (bridge, address) in subnets)
        {
            if (!address.Network.Contains(value))
            {
                continue;
            }

            if (value.Equals(address.Address))
            {
                context.Report(path, $"{value} is {bridge}'s own address");
            }
            else if (value.Equals(address.Broadcast) || (address.Broadcast is not null && value.Equals(address.Network.BaseAddress)))
            {
                context.Report(path, $"{value} is the network or broadcast address of {address.Network}");
            }

            return;
        }

        context.Report(path, $"{value} is not inside the subnet of {Describe(subnets)}");
    }

    private static bool Within(DhcpRange range, IPAddress address) =>
        range.Start.AddressFamily == address.AddressFamily
        && IPText.Compare(range.Start, address) <= 0
        && IPText.Compare(address, range.End) <= 0;

    private static string Describe(List<(string Bridge, InterfaceAddress Address)> subnets) =>
        string.Join(" or ", subnets.Select(s => $"{s.Bridge} ({s.Address.Network})"));

    private static void Unique<T>(Dictionary<T, int> seen, T value, int index, string path, string what, ConfigContext context)
        where T : notnull
    {
        if (!context.IsClean(path))
        {
            return;
        }

        if (seen.TryGetValue(value, out var first))
        {
            context.Report(path, string.Create(CultureInfo.InvariantCulture,
                $"the same {what} as dns_dhcp.dhcp.reservations[{first}]"));
        }
        else
        {
            seen.Add(value, index);
        }
    }
}
