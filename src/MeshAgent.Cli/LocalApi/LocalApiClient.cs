using System.Net.Http.Json;
using System.Net.Sockets;
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

    /// <summary>Creates a client of the socket at <paramref name="socketPath"/>; nothing connects yet.</summary>
    public LocalApiClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
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
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://meshagent/"), Timeout = TimeSpan.FromSeconds(10) };
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

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
