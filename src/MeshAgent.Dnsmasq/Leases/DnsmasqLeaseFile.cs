using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Dnsmasq.Leases;

/// <summary>
/// Parses dnsmasq's lease file: "EXPIRY MAC IP HOSTNAME CLIENTID" per DHCPv4 lease, then an optional
/// "duid SERVERDUID" line followed by "EXPIRY IAID IPV6 HOSTNAME DUID" per DHCPv6 lease; '*' means unknown.
/// Malformed lines are counted and skipped. Pure and thread-safe.
/// </summary>
public sealed record DnsmasqLeaseFile(IReadOnlyList<DnsmasqLease> Leases, string? ServerDuid, int MalformedLines)
{
    /// <summary>An empty file.</summary>
    public static readonly DnsmasqLeaseFile Empty = new([], null, 0);

    /// <summary>Parses the text of a lease file.</summary>
    public static DnsmasqLeaseFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var leases = new List<DnsmasqLease>();
        string? serverDuid = null;
        var malformed = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && fields[0] == "duid")
            {
                serverDuid = fields[1];
                continue;
            }

            if (TryParseLease(fields, out var lease))
            {
                leases.Add(lease);
            }
            else
            {
                malformed++;
            }
        }

        return new DnsmasqLeaseFile(leases, serverDuid, malformed);
    }

    /// <summary>Reads and parses <paramref name="path"/>; null when the file does not exist.</summary>
    public static DnsmasqLeaseFile? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static bool TryParseLease(string[] fields, out DnsmasqLease lease)
    {
        lease = null!;
        if (fields.Length != 5
            || !long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || !IPAddress.TryParse(fields[2], out var address))
        {
            return false;
        }

        var expires = expiry == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeSeconds(expiry);
        var hostname = fields[3] == "*" ? null : fields[3];
        var clientId = fields[4] == "*" ? null : fields[4];
        lease = address.AddressFamily == AddressFamily.InterNetworkV6
            ? new DnsmasqLease(expires, null, fields[1], address, hostname, clientId)
            : new DnsmasqLease(expires, fields[1], null, address, hostname, clientId);
        return true;
    }
}
