using System.Net.Sockets;

namespace MeshAgent.DBus;

/// <summary>Opens stream sockets for <c>unix:path=</c> and <c>unix:abstract=</c> addresses.</summary>
internal static class UnixTransport
{
    /// <summary>Connects to the first address of the list that accepts; the last failure is kept as the cause.</summary>
    /// <exception cref="DBusConnectFailedException">No address was connectable.</exception>
    public static async Task<(Socket Socket, DBusAddress Address)> ConnectAsync(string addressList, CancellationToken cancellationToken)
    {
        IReadOnlyList<DBusAddress> addresses;
        try
        {
            addresses = DBusAddress.ParseList(addressList);
        }
        catch (DBusAddressException e)
        {
            throw new DBusConnectFailedException(e.Message, e);
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var endPoint = address switch
            {
                { UnixPath: { } path } => new UnixDomainSocketEndPoint(path),
                // An abstract socket name is the path with a leading NUL byte.
                { UnixAbstract: { } name } => new UnixDomainSocketEndPoint("\0" + name),
                _ => null,
            };
            if (endPoint is null)
            {
                last = new DBusAddressException($"Unsupported D-Bus address '{address}' (only unix:path= and unix:abstract=)");
                continue;
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return (socket, address);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new DBusConnectFailedException($"Could not connect to D-Bus at '{addressList}': {last?.Message}", last);
    }
}
