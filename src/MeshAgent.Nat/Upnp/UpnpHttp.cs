using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace MeshAgent.Nat.Upnp;

/// <summary>
/// HTTP to the gateway's IGD: root descriptions and SOAP control requests, each within a deadline and a size limit.
/// Never through a proxy, never following redirects. Transport failures become <see cref="UpnpTransportException"/>.
/// </summary>
internal sealed class UpnpHttp : IDisposable
{
    /// <summary>Each request's deadline: a LAN gateway answers in milliseconds; a hung one must not hold the loop.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private readonly HttpClient _client;
    private readonly TimeProvider _time;

    public UpnpHttp(TimeProvider time, Func<AddressFamily, SocketType, ProtocolType, Socket>? socketFactory)
    {
        _time = time;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxResponseHeadersLength = 16,
            ConnectTimeout = RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        if (socketFactory is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(socketFactory, context.DnsEndPoint, cancellationToken);
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>GETs <paramref name="url"/>'s body, at most <paramref name="maxBytes"/> (one more and it is refused as oversized).</summary>
    public async Task<byte[]> GetAsync(Uri url, int maxBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var (status, body) = await SendAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        return status == HttpStatusCode.OK ? body : throw new UpnpTransportException($"GET {url} answered {(int)status}");
    }

    /// <summary>POSTs <paramref name="soap"/> to <paramref name="controlUrl"/>: the body of a 200 (result) or 500 (fault) answer.</summary>
    public async Task<byte[]> PostSoapAsync(Uri controlUrl, SoapRequest soap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(soap);
        using var request = new HttpRequestMessage(HttpMethod.Post, controlUrl)
        {
            Content = new ByteArrayContent(soap.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=\"utf-8\"");
        request.Headers.TryAddWithoutValidation("SOAPAction", soap.SoapAction);
        var (status, body) = await SendAsync(request, SoapCodec.MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
        return status is HttpStatusCode.OK or HttpStatusCode.InternalServerError
            ? body
            : throw new UpnpTransportException($"POST {controlUrl} answered {(int)status}");
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(Func<AddressFamily, SocketType, ProtocolType, Socket> factory, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(target.Host.Trim('[', ']'));
        var socket = factory(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, target.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(HttpRequestMessage request, int maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new MalformedReplyException(MalformedReplyKind.Oversized, $"{request.RequestUri} announces {response.Content.Headers.ContentLength} bytes, over {maxBytes}");
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = new MemoryStream();
                var buffer = new byte[8192];
                int read;
                while ((read = await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > maxBytes)
                    {
                        throw new MalformedReplyException(MalformedReplyKind.Oversized, $"{request.RequestUri} sent more than {maxBytes} bytes");
                    }

                    body.Write(buffer, 0, read);
                }

                return (response.StatusCode, body.ToArray());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpnpTransportException($"{request.Method} {request.RequestUri}: no answer within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            throw new UpnpTransportException($"{request.Method} {request.RequestUri}: {e.Message}", e);
        }
    }
}

/// <summary>The gateway's HTTP server could not be reached, hung, or answered with an unexpected status.</summary>
public sealed class UpnpTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpnpTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpnpTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UpnpTransportException()
        : base("UPnP transport failed")
    {
    }
}
