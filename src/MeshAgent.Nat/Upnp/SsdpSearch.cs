using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// One SSDP search for the gateway's IGD. The search goes unicast to the gateway first, then to the multicast group
/// (some routers answer only one of them; Tailscale's port mapper met both); answers are collected until
/// <see cref="Settle"/> after the first, since a gateway often sends one per device and service.
/// </summary>
internal sealed class SsdpSearch(IPAddress gateway, IPEndPoint unicast, IPEndPoint? multicast, TimeProvider time)
{
    /// <summary>How long to keep listening after the first answer.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    /// <summary>Answers from the gateway naming a root description on the gateway, distinct by location, in arrival order.</summary>
    /// <param name="socket">An unconnected UDP socket; bound here when it is not yet.</param>
    /// <param name="timeout">How long to wait for the first answer.</param>
    /// <param name="dropped">Told of every datagram refused: malformed, oversized, from another host or naming another host.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public async Task<IReadOnlyList<SsdpResponse>> RunAsync(Socket socket, TimeSpan timeout, Action<MalformedReplyKind> dropped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.IsBound)
        {
            socket.Bind(new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        }

        var search = SsdpCodec.EncodeSearch();
        await TrySendAsync(socket, search, unicast, cancellationToken).ConfigureAwait(false);
        if (multicast is not null)
        {
            await TrySendAsync(socket, search, multicast, cancellationToken).ConfigureAwait(false);
        }

        var found = new List<SsdpResponse>();
        var buffer = new byte[SsdpCodec.MaxDatagramBytes + 1];
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return found;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a gateway without SSDP: nothing more will come from it.
                cancellationToken.ThrowIfCancellationRequested();
                return found;
            }

            var source = ((IPEndPoint)received.RemoteEndPoint).Address;
            if (!SameHost(source, gateway))
            {
                dropped(MalformedReplyKind.Malformed);
                continue;
            }

            SsdpResponse answer;
            try
            {
                answer = SsdpCodec.Decode(buffer.AsSpan(0, received.ReceivedBytes));
            }
            catch (MalformedReplyException e)
            {
                dropped(e.Kind);
                continue;
            }

            if (!IPAddress.TryParse(answer.Location.Host, out var host) || !SameHost(host, gateway))
            {
                dropped(MalformedReplyKind.Malformed);
                continue;
            }

            if (found.TrueForAll(f => f.Location != answer.Location))
            {
                found.Add(answer);
            }

            if (found.Count == 1)
            {
                var left = timeout - time.GetElapsedTime(started);
                if (left > Settle)
                {
                    deadline.CancelAfter(Settle);
                }
            }
        }
    }

    private static bool SameHost(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static async Task TrySendAsync(Socket socket, byte[] search, IPEndPoint target, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendToAsync(search, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // No route to the group (no multicast route) or a refused earlier datagram: the other search may still answer.
        }
    }
}
