using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace MeshAgent.Dnsmasq.Probing;

/// <summary>
/// Sends one DNS query over UDP and waits for its response. Datagrams that are malformed or answer another
/// query are counted in <see cref="DroppedDatagrams"/> and ignored. Safe for concurrent use (each query has
/// its own socket).
/// </summary>
public sealed class DnsClient
{
    private readonly Func<AddressFamily, Socket> socketFactory;
    private long droppedDatagrams;

    /// <summary>Creates a client whose sockets live in the caller's network namespace.</summary>
    public DnsClient()
        : this(static family => new Socket(family, SocketType.Dgram, ProtocolType.Udp))
    {
    }

    // For tests: the lab hands in a factory that opens the socket inside a network namespace.
    internal DnsClient(Func<AddressFamily, Socket> socketFactory)
    {
        this.socketFactory = socketFactory;
    }

    /// <summary>Datagrams received and ignored so far (malformed, or for another id/question).</summary>
    public long DroppedDatagrams => Interlocked.Read(ref droppedDatagrams);

    /// <summary>Asks <paramref name="server"/> for <paramref name="name"/>.</summary>
    /// <param name="server">The DNS server, e.g. 127.0.0.1:53.</param>
    /// <param name="name">Domain name without trailing dot.</param>
    /// <param name="type">Query type (<see cref="DnsMessageCodec.TypeA"/> by default).</param>
    /// <param name="timeout">How long to wait for the response.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">No matching response within <paramref name="timeout"/>.</exception>
    /// <exception cref="SocketException">Sending failed, or the port is closed (ICMP unreachable).</exception>
    public async Task<DnsResponse> QueryAsync(IPEndPoint server, string name, ushort type, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = DnsMessageCodec.EncodeQuery(id, name, type);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var udp = new UdpClient { Client = socketFactory(server.AddressFamily) };
        udp.Connect(server);
        try
        {
            await udp.SendAsync(query, timeoutSource.Token);
            while (true)
            {
                var received = await udp.ReceiveAsync(timeoutSource.Token);
                DnsResponse response;
                try
                {
                    response = DnsMessageCodec.DecodeResponse(received.Buffer);
                }
                catch (DnsFormatException)
                {
                    Interlocked.Increment(ref droppedDatagrams);
                    continue;
                }

                if (response.Id == id && string.Equals(response.QuestionName, name, StringComparison.OrdinalIgnoreCase))
                {
                    return response;
                }

                Interlocked.Increment(ref droppedDatagrams);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no DNS answer from {server} for {name} within {timeout.TotalMilliseconds:0} ms");
        }
    }
}
