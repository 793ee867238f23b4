using System.Net;
using MeshAgent.Core.Configuration.Values;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "dns_dhcp" section; cross-field rules in <see cref="Validation.DnsDhcpValidator"/>.</summary>
internal static class DnsDhcpSectionReader
{
    /// <summary>dnsmasq refuses lease times under two minutes.</summary>
    private static readonly TimeSpan MinLeaseTime = TimeSpan.FromMinutes(2);

    private static readonly ValueParser<DhcpRange> Range = new("a range like 10.10.10.100-10.10.10.200", (ConfigScalar s, out DhcpRange v) =>
    {
        v = null!;
        var parts = s.Value.Split('-');
        if (parts.Length != 2 || !IPText.TryParseAddress(parts[0].Trim(), out var start) || !IPText.TryParseAddress(parts[1].Trim(), out var end))
        {
            return $"'{Printable.Escape(s.Value)}' is not a range like 10.10.10.100-10.10.10.200";
        }

        if (start.AddressFamily != end.AddressFamily)
        {
            return $"'{s.Value}' mixes IPv4 and IPv6";
        }

        if (IPText.Compare(start, end) > 0)
        {
            return $"'{s.Value}' starts after it ends";
        }

        v = new DhcpRange(start, end);
        return null;
    });

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static DnsDhcpConfig Read(MappingReader reader)
    {
        var defaults = new DnsDhcpConfig();
        var interfaces = reader.List("interfaces", ValueParsers.InterfaceName, []);
        if (!reader.Has("interfaces"))
        {
            reader.Context.Report(reader.PathOf("interfaces"), "is required (the interfaces dnsmasq serves, e.g. [br0])");
        }
        else if (interfaces.Count == 0 && reader.Context.IsClean(reader.PathOf("interfaces")))
        {
            reader.Context.Report(reader.PathOf("interfaces"), "needs at least one interface");
        }

        return new DnsDhcpConfig
        {
            Interfaces = interfaces,
            NoDhcpInterfaces = reader.List("no_dhcp_interfaces", ValueParsers.InterfaceName, []),
            Domain = reader.Value("domain", ValueParsers.DnsDomain, defaults.Domain),
            MeshDomain = reader.Value("mesh_domain", ValueParsers.DnsDomain, defaults.MeshDomain),
            Dhcp = ReadDhcp(reader.Section("dhcp")),
            Hosts = reader.MappingList("hosts", ReadHost),
            Upstream = reader.Take("upstream") is null ? null : reader.List("upstream", ValueParsers.Address, []),
            DnsmasqBinary = reader.Value("dnsmasq_binary", ValueParsers.Program, defaults.DnsmasqBinary),
        };
    }

    private static DhcpConfig? ReadDhcp(MappingReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        var defaults = new DhcpConfig();
        var ranges = reader.List("ranges", Range, []);
        if (ranges.Count == 0 && reader.Context.IsClean(reader.PathOf("ranges")))
        {
            reader.Context.Report(reader.PathOf("ranges"), "needs at least one range like 10.10.10.100-10.10.10.200");
        }

        var dhcp = new DhcpConfig
        {
            Ranges = ranges,
            LeaseTime = reader.Value("lease_time", ValueParsers.Duration(MinLeaseTime, TimeSpan.FromDays(3650)), defaults.LeaseTime),
            Reservations = reader.MappingList("reservations", ReadReservation),
        };
        reader.Finish();
        return dhcp;
    }

    private static DhcpReservation ReadReservation(MappingReader reader) => new()
    {
        Mac = reader.Required("mac", ValueParsers.Mac, System.Net.NetworkInformation.PhysicalAddress.None),
        Address = reader.Required("address", ValueParsers.Address, IPAddress.None),
        Name = reader.Optional("name", ValueParsers.DnsLabel),
    };

    private static DnsHost ReadHost(MappingReader reader)
    {
        var host = new DnsHost
        {
            Address = reader.Required("address", ValueParsers.Address, IPAddress.None),
            Names = reader.List("names", ValueParsers.DnsLabel, []),
        };
        if (host.Names.Count == 0 && reader.Context.IsClean(reader.PathOf("names")))
        {
            reader.Context.Report(reader.PathOf("names"), "needs at least one name");
        }

        return host;
    }
}
