using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.DBus;

/// <summary>
/// The client side of the D-Bus SASL handshake with the EXTERNAL mechanism: a NUL byte,
/// <c>AUTH EXTERNAL &lt;hex of the decimal uid&gt;</c>, <c>OK &lt;guid&gt;</c>, <c>BEGIN</c>.
/// NEGOTIATE_UNIX_FD is not sent: this library passes no file descriptors.
/// </summary>
internal static class SaslExternalAuthenticator
{
    // A server line longer than this is not a SASL reply we understand.
    private const int MaxLineLength = 1024;

    /// <summary>Authenticates; returns the server GUID.</summary>
    /// <exception cref="DBusConnectFailedException">Rejected, closed or garbled.</exception>
    public static async Task<string> AuthenticateAsync(Socket socket, CancellationToken cancellationToken)
    {
        var uid = EffectiveUid().ToString(CultureInfo.InvariantCulture);
        var hexUid = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid));
        await SendAsync(socket, "\0AUTH EXTERNAL " + hexUid + "\r\n", cancellationToken).ConfigureAwait(false);
        var line = await ReadLineAsync(socket, cancellationToken).ConfigureAwait(false);
        if (!line.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusConnectFailedException($"D-Bus authentication failed: server answered '{DBusNames.Sanitize(line)}'");
        }

        var guid = line[3..].Trim();
        await SendAsync(socket, "BEGIN\r\n", cancellationToken).ConfigureAwait(false);
        return guid;
    }

    /// <summary>The effective uid from /proc/self/status (Linux), which the bus checks against SO_PEERCRED.</summary>
    internal static uint EffectiveUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var parts = line[4..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return uint.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        throw new DBusConnectFailedException("Cannot determine the effective uid from /proc/self/status");
    }

    private static async Task SendAsync(Socket socket, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    // Reads byte by byte: the server sends nothing after its reply until we send BEGIN, and reading
    // ahead would swallow the first message bytes of a pipelining server.
    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < MaxLineLength)
        {
            var n = await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new DBusConnectFailedException("D-Bus server closed the connection during authentication");
            }

            line.Append((char)one[0]);
            if (line.Length >= 2 && line[^2] == '\r' && line[^1] == '\n')
            {
                return line.ToString(0, line.Length - 2);
            }
        }

        throw new DBusConnectFailedException("D-Bus authentication reply line too long");
    }
}
