using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>
/// Checks <see cref="DnsmasqOptions"/> so that every value renders into exactly one well-formed dnsmasq line:
/// names are DNS labels or domain names, paths are plain absolute paths, MACs and addresses are what their
/// option expects. A newline, comma, '=' or '#' can therefore never reach the config file. Pure and thread-safe.
/// </summary>
public static partial class DnsmasqOptionsValidator
{
    // dnsmasq refuses lease times below two minutes (it silently raises them); we say so instead.
    private static readonly TimeSpan MinimumLeaseTime = TimeSpan.FromMinutes(2);

    /// <summary>Returns every problem, each "path: what is wrong"; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Validate(DnsmasqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();

        if (options.Interfaces.Count == 0)
        {
            problems.Add("interfaces: at least one interface is needed (none would mean every interface, the WAN too)");
        }

        CheckEach(problems, "interfaces", options.Interfaces, CheckInterfaceName);
        CheckEach(problems, "no_dhcp_interfaces", options.NoDhcpInterfaces, CheckInterfaceName);
        CheckDomain(problems, "domain", options.Domain);
        CheckDomain(problems, "mesh_domain", options.MeshDomain);
        if (string.Equals(options.Domain, options.MeshDomain, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("mesh_domain: must differ from domain");
        }

        for (var i = 0; i < options.DhcpRanges.Count; i++)
        {
            CheckRange(problems, $"dhcp.ranges[{i}]", options.DhcpRanges[i]);
        }

        if (options.Router is not null)
        {
            CheckIPv4(problems, "dhcp.router", options.Router);
        }

        CheckEach(problems, "dhcp.dns_servers", options.DnsServers, CheckIPv4);
        CheckReservations(problems, options.Reservations);

        for (var i = 0; i < options.StaticHosts.Count; i++)
        {
            var host = options.StaticHosts[i];
            CheckAddress(problems, $"hosts[{i}].address", host.Address);
            if (host.Names is null || host.Names.Count == 0)
            {
                problems.Add($"hosts[{i}].names: at least one name is needed");
            }
            else
            {
                CheckEach(problems, $"hosts[{i}].names", host.Names, CheckDomain);
            }
        }

        CheckEach(problems, "upstream", options.UpstreamServers, CheckAddress);
        CheckMeshHosts(problems, options);

        CheckPath(problems, "binary_path", options.BinaryPath);
        CheckPath(problems, "runtime_dir", options.RuntimeDirectory);
        CheckLabel(problems, "probe_name", options.ProbeName);
        if (options.User is null || !UserName().IsMatch(options.User))
        {
            problems.Add($"user: '{Printable(options.User)}' is not a user name");
        }

        if (options.Port is < 1 or > 65535)
        {
            problems.Add($"port: {options.Port} is not a port number");
        }

        if (options.LocalTtl < TimeSpan.Zero || options.LocalTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add("local_ttl: must be whole seconds, not negative");
        }

        return problems;
    }

    /// <summary>Throws <see cref="DnsmasqConfigException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(DnsmasqOptions options)
    {
        var problems = Validate(options);
        if (problems.Count > 0)
        {
            throw new DnsmasqConfigException(problems);
        }
    }

    /// <summary>True for a DNS label: 1–63 letters, digits or inner hyphens.</summary>
    internal static bool IsLabel(string? value) => value is not null && Label().IsMatch(value);

    /// <summary>True for a domain name: labels joined by single dots, at most 253 characters.</summary>
    internal static bool IsDomainName(string? value) =>
        value is not null && value.Length <= 253 && value.Split('.').All(IsLabel);

    private static void CheckReservations(List<string> problems, IReadOnlyList<DhcpReservation> reservations)
    {
        var macs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var addresses = new HashSet<IPAddress>();
        for (var i = 0; i < reservations.Count; i++)
        {
            var path = $"dhcp.reservations[{i}]";
            var reservation = reservations[i];
            if (reservation.Mac is null || !Mac().IsMatch(reservation.Mac))
            {
                problems.Add($"{path}.mac: '{Printable(reservation.Mac)}' is not an Ethernet address like aa:bb:cc:dd:ee:ff");
            }
            else if (!macs.Add(reservation.Mac))
            {
                problems.Add($"{path}.mac: {reservation.Mac} is reserved twice");
            }

            CheckIPv4(problems, $"{path}.address", reservation.Address);
            if (reservation.Address is not null && !addresses.Add(reservation.Address))
            {
                problems.Add($"{path}.address: {reservation.Address} is reserved twice");
            }

            if (reservation.Name is not null)
            {
                CheckLabel(problems, $"{path}.name", reservation.Name);
            }
        }
    }

    private static void CheckMeshHosts(List<string> problems, DnsmasqOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.MeshHosts.Count; i++)
        {
            var path = $"mesh_hosts[{i}]";
            var host = options.MeshHosts[i];
            CheckLabel(problems, $"{path}.name", host.Name);
            if (host.Name is not null && !names.Add(host.Name))
            {
                problems.Add($"{path}.name: {host.Name} appears twice");
            }

            if (string.Equals(host.Name, options.ProbeName, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{path}.name: {host.Name} is the health probe's name");
            }

            if (host.Addresses is null || host.Addresses.Count == 0)
            {
                problems.Add($"{path}.addresses: at least one address is needed");
            }
            else
            {
                CheckEach(problems, $"{path}.addresses", host.Addresses, CheckAddress);
            }
        }
    }

    private static void CheckRange(List<string> problems, string path, DhcpRange range)
    {
        CheckIPv4(problems, path + ".start", range.Start);
        CheckIPv4(problems, path + ".end", range.End);
        if (range.Start is { AddressFamily: AddressFamily.InterNetwork } && range.End is { AddressFamily: AddressFamily.InterNetwork }
            && ToUInt32(range.Start) > ToUInt32(range.End))
        {
            problems.Add($"{path}: start {range.Start} lies after end {range.End}");
        }

        if (range.LeaseTime < MinimumLeaseTime || range.LeaseTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add($"{path}.lease_time: must be whole seconds and at least {MinimumLeaseTime.TotalMinutes} minutes");
        }
    }

    private static void CheckEach<T>(List<string> problems, string path, IReadOnlyList<T> values, Action<List<string>, string, T> check)
    {
        if (values is null)
        {
            problems.Add($"{path}: missing");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            check(problems, $"{path}[{i}]", values[i]);
        }
    }

    private static void CheckInterfaceName(List<string> problems, string path, string name)
    {
        if (name is null || !InterfaceName().IsMatch(name))
        {
            problems.Add($"{path}: '{Printable(name)}' is not an interface name (1-15 of A-Z a-z 0-9 _ . -)");
        }
    }

    private static void CheckLabel(List<string> problems, string path, string? name)
    {
        if (!IsLabel(name))
        {
            problems.Add($"{path}: '{Printable(name)}' is not a DNS label (1-63 of a-z 0-9 -, no dots)");
        }
    }

    private static void CheckDomain(List<string> problems, string path, string name)
    {
        if (!IsDomainName(name))
        {
            problems.Add($"{path}: '{Printable(name)}' is not a domain name (labels of a-z 0-9 - joined by dots)");
        }
    }

    private static void CheckAddress(List<string> problems, string path, IPAddress address)
    {
        if (address is null)
        {
            problems.Add($"{path}: missing");
        }
        else if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            problems.Add($"{path}: {address} is not an IP address");
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            problems.Add($"{path}: {address} carries a scope; use an address without '%'");
        }
    }

    private static void CheckIPv4(List<string> problems, string path, IPAddress address)
    {
        if (address is null)
        {
            problems.Add($"{path}: missing");
        }
        else if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            problems.Add($"{path}: {address} is not an IPv4 address");
        }
    }

    private static void CheckPath(List<string> problems, string path, string value)
    {
        if (value is null || !AbsolutePath().IsMatch(value) || value.Split('/').Any(part => part is "." or ".."))
        {
            problems.Add($"{path}: '{Printable(value)}' is not a plain absolute path (no spaces, commas, '=' or '#')");
        }
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
    }

    // .NET's "$" also matches before a final newline, so every pattern ends in \z.
    // Problems are logged and shown to users: never echo control characters back.
    private static string Printable(string? value) =>
        value is null ? "(null)" : new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,15}\z")]
    private static partial Regex InterfaceName();

    [GeneratedRegex(@"^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}\z")]
    private static partial Regex Mac();

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}\z")]
    private static partial Regex UserName();

    [GeneratedRegex(@"^(/[A-Za-z0-9_.+-]+)+/?\z")]
    private static partial Regex AbsolutePath();
}
