using System.Globalization;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary>One screen of <c>meshctl top</c>: the peers with handshake age and traffic rates between two reads, then the latest events. Pure.</summary>
internal static class TopView
{
    private static readonly string[] Header = ["NAME", "PATH", "HANDSHAKE", "RX/S", "TX/S", "RX", "TX"];

    /// <summary>
    /// Formats <paramref name="current"/>; rates come from <paramref name="previous"/> (same public key) read
    /// <paramref name="seconds"/> earlier, "-" for a peer not in it or when there is none.
    /// </summary>
    public static string Format(IReadOnlyList<PeerInfo> current, IReadOnlyList<PeerInfo>? previous, double seconds, DateTimeOffset now, IReadOnlyList<string> events)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(events);
        var before = (previous ?? []).ToDictionary(p => p.PublicKey, StringComparer.Ordinal);
        var rows = new List<string[]> { Header };
        rows.AddRange(current.Select(p =>
        {
            var old = before.GetValueOrDefault(p.PublicKey);
            return new[]
            {
                p.Name,
                p.DirectPath is { } state ? $"{p.Path} ({state})" : p.Path,
                ApiCommand.Age(p.LatestHandshake, now),
                Rate(old?.ReceiveBytes, p.ReceiveBytes, seconds),
                Rate(old?.TransmitBytes, p.TransmitBytes, seconds),
                Bytes(p.ReceiveBytes),
                Bytes(p.TransmitBytes),
            };
        }));
        var text = string.Create(CultureInfo.InvariantCulture, $"meshctl top: {current.Count} peers at {now:HH:mm:ss}\n\n") + ApiCommand.Table(rows);
        if (events.Count > 0)
        {
            text += "\nevents\n" + string.Concat(events.Select(e => "  " + e + "\n"));
        }

        return text;
    }

    private static string Rate(long? before, long now, double seconds) =>
        before is { } old && seconds > 0 && now >= old ? Bytes((long)((now - old) / seconds)) + "/s" : "-";

    /// <summary>Bytes with a binary unit, one decimal from KiB on.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
