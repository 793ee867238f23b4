using System.Globalization;
using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Dnsmasq.Configuration;
using DnsmasqMeshHost = MeshAgent.Dnsmasq.Configuration.MeshHost;
using DnsmasqRange = MeshAgent.Dnsmasq.Configuration.DhcpRange;
using DnsmasqReservation = MeshAgent.Dnsmasq.Configuration.DhcpReservation;

namespace MeshAgent.Daemon.Subsystems;

/// <summary>Maps the `dns_dhcp:` section, the LAN bridge and the mesh's names onto <see cref="DnsmasqOptions"/>. Pure but for reading resolv.conf.</summary>
public static class DnsmasqOptionsMapping
{
    /// <summary>The options dnsmasq should run with now.</summary>
    public static DnsmasqOptions Map(AgentConfig config, DesiredState? desired, Func<IReadOnlyList<IPAddress>> hostResolvers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(hostResolvers);
        var dns = config.DnsDhcp ?? throw new ArgumentException("dns_dhcp is not configured", nameof(config));
        // The LAN bridge is the clients' gateway and DNS server (the seed bundle's 10.10.10.1).
        var bridgeAddress = config.Vrb?.Lan?.Address?.Address;
        var leaseTime = dns.Dhcp?.LeaseTime ?? TimeSpan.FromHours(12);
        return new DnsmasqOptions
        {
            Interfaces = dns.Interfaces,
            NoDhcpInterfaces = dns.NoDhcpInterfaces,
            Domain = dns.Domain,
            MeshDomain = dns.MeshDomain,
            DhcpRanges = [.. (dns.Dhcp?.Ranges ?? []).Select(r => new DnsmasqRange(r.Start, r.End, leaseTime))],
            Router = bridgeAddress,
            DnsServers = bridgeAddress is null ? [] : [bridgeAddress],
            Reservations = [.. (dns.Dhcp?.Reservations ?? []).Select(r => new DnsmasqReservation(FormatMac(r.Mac.GetAddressBytes()), r.Address, r.Name))],
            StaticHosts = [.. dns.Hosts.Select(h => new StaticHost(h.Address, h.Names))],
            // Absent means "what this host uses"; [] means no upstream at all (outside names are refused).
            UpstreamServers = dns.Upstream ?? hostResolvers(),
            MeshHosts = [.. (desired?.MeshHosts ?? []).Select(h => new DnsmasqMeshHost(h.Name, h.Addresses))],
            BinaryPath = dns.DnsmasqBinary,
            RuntimeDirectory = Path.Combine(config.Node.RuntimeDirectory, "dnsmasq"),
        };
    }

    /// <summary>
    /// The name servers of /etc/resolv.conf, without loopback addresses other than systemd-resolved's stub
    /// (127.0.0.53): a loopback server could be dnsmasq itself, and forwarding to it would loop.
    /// </summary>
    public static IReadOnlyList<IPAddress> ReadHostResolvers(string path = "/etc/resolv.conf")
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadLines(path)
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && parts[0] == "nameserver")
            .Select(parts => IPAddress.TryParse(parts[1], out var address) ? address : null)
            .OfType<IPAddress>()
            .Where(a => !IPAddress.IsLoopback(a) || a.Equals(IPAddress.Parse("127.0.0.53")))];
    }

    private static string FormatMac(byte[] bytes) =>
        string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
