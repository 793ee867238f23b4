using System.Globalization;
using System.Net;

namespace MeshAgent.Cli.Doctor;

/// <summary>
/// Reads the socket tables of /proc/net (udp, udp6, tcp, tcp6): the kernel's own list of bound sockets in this
/// network namespace, with the inode that ties each to the process holding it.
/// </summary>
internal static class ProcNetSockets
{
    // TCP_LISTEN in include/net/tcp_states.h; a bound UDP socket shows TCP_CLOSE (7).
    private const string TcpListen = "0A";
    private const string UdpBound = "07";

    /// <summary>A bound socket: local address and port, and its inode.</summary>
    internal sealed record Socket(IPAddress Address, int Port, long Inode);

    /// <summary>
    /// Parses one table's text. Addresses are hex in the kernel's byte order: IPv4 as one little-endian word,
    /// IPv6 as four of them. Only listening TCP and bound UDP sockets are returned.
    /// </summary>
    public static List<Socket> Parse(string table, bool tcp)
    {
        var sockets = new List<Socket>();
        foreach (var line in table.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != (tcp ? TcpListen : UdpBound))
            {
                continue;
            }

            var local = fields[1].Split(':');
            if (local.Length != 2
                || !int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)
                || !long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                || Address(local[0]) is not { } address)
            {
                continue;
            }

            sockets.Add(new Socket(address, port, inode));
        }

        return sockets;
    }

    private static IPAddress? Address(string hex)
    {
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(hex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            // Each 32-bit word is printed as a host-order (little-endian on x86/arm64) integer.
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
            if (!BitConverter.IsLittleEndian)
            {
                bytes.AsSpan(word * 4, 4).Reverse();
            }
        }

        return new IPAddress(bytes);
    }
}
