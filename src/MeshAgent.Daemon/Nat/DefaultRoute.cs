using System.Globalization;
using System.Net;

namespace MeshAgent.Daemon.Nat;

/// <summary>
/// The IPv4 default route's gateway, from <c>/proc/net/route</c> (the kernel's FIB as text, per network namespace:
/// /proc/net follows the reading process's namespace). NAT-PMP and PCP are spoken to that gateway (RFC 6886 section 3.1).
/// </summary>
public static class DefaultRoute
{
    /// <summary>Where the kernel shows the IPv4 routing table.</summary>
    public const string ProcPath = "/proc/net/route";

    // linux/route.h: the route is usable, and it goes through a gateway.
    private const int RouteUp = 0x1;
    private const int RouteGateway = 0x2;

    /// <summary>The default route's gateway read now, or null when there is none (or the file cannot be read).</summary>
    public static IPAddress? ReadGateway(string path = ProcPath)
    {
        try
        {
            return ParseGateway(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The gateway of the up default route (destination and mask 0) with the lowest metric in <paramref name="table"/>,
    /// the text of /proc/net/route; null when there is none. Lines that do not parse are skipped.
    /// </summary>
    public static IPAddress? ParseGateway(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        IPAddress? best = null;
        var bestMetric = int.MaxValue;
        foreach (var line in table.Split('\n').Skip(1))
        {
            // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8
                || !TryHex(fields[1], out var destination) || destination != 0
                || !TryHex(fields[7], out var mask) || mask != 0
                || !TryHex(fields[2], out var gateway) || gateway == 0
                || !TryHex(fields[3], out var flags) || (flags & (RouteUp | RouteGateway)) != (RouteUp | RouteGateway)
                || !int.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var metric)
                || metric >= bestMetric)
            {
                continue;
            }

            // The kernel prints the network-order address as a host-order 32-bit word: its bytes in memory are the address.
            best = new IPAddress(BitConverter.GetBytes(gateway));
            bestMetric = metric;
        }

        return best;
    }

    private static bool TryHex(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
