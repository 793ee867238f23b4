using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Net.Sockets;
using System.Net.WebSockets;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.LocalApi;

/// <summary>
/// HTTP client of the daemon's local API over its unix socket. Every meshctl command that asks the daemon
/// uses it. Connection failures surface as <see cref="DaemonUnreachableException"/>. Not thread-safe to
/// dispose while in use; otherwise as thread-safe as <see cref="HttpClient"/>.
/// </summary>
internal sealed class LocalApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SocketsHttpHandler _handler;

    /// <summary>Creates a client of the socket at <paramref name="socketPath"/>; nothing connects yet.</summary>
    public LocalApiClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = _handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The host name is never resolved: the connect callback ignores it.
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri("http://meshagent/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The socket this client talks to.</summary>
    public string SocketPath { get; }

    /// <summary>GET /v1/status.</summary>
    /// <exception cref="DaemonUnreachableException">Nothing answers on the socket.</exception>
    /// <exception cref="HttpRequestException">The daemon answered with an error status.</exception>
    public async Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(ApiDefaults.StatusPath.TrimStart('/'), UriKind.Relative), cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException socketError)
        {
            throw new DaemonUnreachableException(SocketPath, socketError);
        }

        using (response)
        {
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.NodeStatus, cancellationToken)
                ?? throw new HttpRequestException("the daemon sent an empty status");
        }
    }

    /// <summary>GET <paramref name="path"/> and decode the answer.</summary>
    /// <exception cref="DaemonUnreachableException">Nothing answers on the socket.</exception>
    /// <exception cref="DaemonRefusedException">The daemon answered with an error and its reason.</exception>
    public Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path.TrimStart('/'), UriKind.Relative)), type, cancellationToken);

    /// <summary>POST <paramref name="body"/> to <paramref name="path"/> and decode the answer.</summary>
    /// <exception cref="DaemonUnreachableException">Nothing answers on the socket.</exception>
    /// <exception cref="DaemonRefusedException">The daemon answered with an error and its reason.</exception>
    public Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = JsonContent.Create(body, requestType) },
            responseType,
            cancellationToken);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (request)
        {
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.InnerException is SocketException socketError)
            {
                throw new DaemonUnreachableException(SocketPath, socketError);
            }
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                ApiError? error = null;
                try
                {
                    error = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError, cancellationToken);
                }
                catch (JsonException)
                {
                    // No reason in the body: the status code has to do.
                }

                throw new DaemonRefusedException(error?.Error ?? $"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new DaemonRefusedException("the daemon sent an empty answer");
        }
    }

    /// <summary>Opens the daemon's event stream (<c>/api/v1/events</c>, a WebSocket) over the same socket.</summary>
    /// <exception cref="DaemonUnreachableException">Nothing answers on the socket.</exception>
    public async Task<ClientWebSocket> OpenEventsAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri("ws://meshagent" + ApiDefaults.EventsPath), new HttpMessageInvoker(_handler, disposeHandler: false), cancellationToken);
            return socket;
        }
        catch (WebSocketException ex) when (ex.InnerException?.InnerException is SocketException socketError)
        {
            socket.Dispose();
            throw new DaemonUnreachableException(SocketPath, socketError);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}
