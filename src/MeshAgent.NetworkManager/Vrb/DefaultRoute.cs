using System.Globalization;
using System.Net;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>Parses the IPv4 default gateway out of /proc/net/route text (pure).</summary>
public static class DefaultRoute
{
    // /proc/net/route flags: RTF_UP 0x1, RTF_GATEWAY 0x2.
    private const int RouteUpGateway = 0x3;

    /// <summary>
    /// The gateway of the lowest-metric default route (destination and mask 0, flags UP|GATEWAY), or null.
    /// Lines that do not parse are skipped. Addresses in the file are little-endian hex (host order on x86).
    /// </summary>
    public static IPAddress? ParseProcNetRoute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        IPAddress? best = null;
        var bestMetric = int.MaxValue;
        foreach (var line in text.Split('\n').Skip(1))
        {
            var f = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8
                || !uint.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var gateway)
                || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
                || !int.TryParse(f[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var metric)
                || !uint.TryParse(f[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                continue;
            }

            if (destination == 0 && mask == 0 && (flags & RouteUpGateway) == RouteUpGateway && metric < bestMetric)
            {
                best = new IPAddress(BitConverter.GetBytes(gateway));
                bestMetric = metric;
            }
        }

        return best;
    }
}
