using System.Net;
using System.Net.Http.Json;
using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Sends a <see cref="JoinRequest"/> to a hub's admission listener: HTTP on TCP at the hub's WireGuard
/// endpoint (the same port number as its UDP WireGuard port), before this node has any tunnel.
/// </summary>
public sealed class JoinClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Asks <paramref name="hub"/>; returns its answer.</summary>
    /// <exception cref="HttpRequestException">The hub did not answer or answered garbage.</exception>
    public async Task<JoinResponse> AskAsync(IPEndPoint hub, JoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var uri = new Uri($"http://{hub}{ApiDefaults.JoinPath}");
        using var response = await _http.PostAsJsonAsync(uri, request, ApiJsonContext.Default.JoinRequest, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JoinResponse, cancellationToken)
            ?? throw new HttpRequestException($"{hub} answered an empty join response");
    }

    /// <summary>Asks <paramref name="hub"/> for a record with this node's next key; returns its answer.</summary>
    /// <exception cref="HttpRequestException">The hub did not answer or answered garbage.</exception>
    public async Task<JoinResponse> AskRotateAsync(IPEndPoint hub, RotateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var uri = new Uri($"http://{hub}{ApiDefaults.RotatePath}");
        using var response = await _http.PostAsJsonAsync(uri, request, ApiJsonContext.Default.RotateRequest, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JoinResponse, cancellationToken)
            ?? throw new HttpRequestException($"{hub} answered an empty rotation response");
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
