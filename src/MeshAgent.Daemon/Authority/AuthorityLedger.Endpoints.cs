using System.Net;
using System.Net.Sockets;
using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration.Values;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Authority;

/// <summary>Endpoint updates: a node's reachable endpoints (configured, mapped) re-signed into its record.</summary>
public sealed partial class AuthorityLedger
{
    /// <summary>The most endpoints a record carries from an update (configured, mapped, observed, and one spare).</summary>
    public const int MaxEndpoints = 4;

    /// <summary>
    /// Re-issues the record of the node at mesh address <paramref name="remote"/> with <paramref name="request"/>'s
    /// endpoints. Accepted only on this hub's own mesh address (<paramref name="local"/>): a connection from a mesh
    /// address to it can only come through wg0, where WireGuard let in only the peer whose key the authority signed
    /// for that address. Returns the answer: "updated" (with the new envelope), "unchanged", or "refused" with why.
    /// </summary>
    public JoinResponse UpdateEndpoints(EndpointUpdateRequest request, IPAddress? remote, IPAddress? local)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name ?? string.Empty;
        var source = remote?.ToString() ?? "unknown";
        var own = _config.Current.Mesh?.Address?.Address;
        if (own is null || local is null || !Normal(local).Equals(own))
        {
            return EndpointsRefused(name, source, own is null
                ? "this hub has no mesh address to take endpoint updates on"
                : $"send endpoint updates through the tunnel to {own}");
        }

        List<IPEndPoint> endpoints;
        List<EndpointKind> kinds;
        try
        {
            (endpoints, kinds) = ParseEndpoints(request.Endpoints, request.Kinds);
        }
        catch (AuthorityException e)
        {
            return EndpointsRefused(name, source, e.Message);
        }

        lock (_gate)
        {
            var sender = remote is null ? null : Normal(remote);
            var held = _mesh.Book.Records.Select(r => r.Record).FirstOrDefault(r => r.MeshIPv4.Equals(sender));
            if (held is null || held.Name != name)
            {
                return EndpointsRefused(name, source, held is null ? "no record holds this mesh address" : $"this mesh address belongs to {held.Name}");
            }

            if (held.Role == NodeRole.Client)
            {
                return EndpointsRefused(name, source, "a client has no endpoints");
            }

            var wantedKinds = kinds.Any(k => k != EndpointKind.Configured) ? kinds : [];
            if (held.Endpoints.SequenceEqual(endpoints) && held.EndpointKinds.SequenceEqual(wantedKinds))
            {
                return new JoinResponse("unchanged", Convert.ToBase64String(_mesh.Book.Find(name)!.Envelope), [], null);
            }

            var issued = Issue(
                new AdmissionInput(held.Name, held.WireGuardPublicKey, held.Role, endpoints, held.Subnets, held.MeshIPv4) { ViaHubs = held.ViaHubs, EndpointKinds = wantedKinds },
                held.ExpiresAt - held.IssuedAt);
            var listed = string.Join(", ", endpoints);
            Log.EndpointsUpdated(_logger, name, listed, issued.Record.Serial);
            return new JoinResponse("updated", Convert.ToBase64String(issued.Envelope), [], null);
        }
    }

    private JoinResponse EndpointsRefused(string name, string source, string reason)
    {
        Log.EndpointsRefused(_logger, Printable.Escape(name), source, reason);
        return Refused(reason);
    }

    private static (List<IPEndPoint> Endpoints, List<EndpointKind> Kinds) ParseEndpoints(IReadOnlyList<string>? texts, IReadOnlyList<string>? kindTexts)
    {
        texts ??= [];
        if (kindTexts is not null && kindTexts.Count != texts.Count)
        {
            throw new AuthorityException($"kinds: {kindTexts.Count} given for {texts.Count} endpoints");
        }

        var endpoints = new List<IPEndPoint>();
        var kinds = new List<EndpointKind>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? string.Empty;
            if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
            {
                throw new AuthorityException($"endpoints: '{Printable.Escape(text)}' is not an IP address and port");
            }

            var address = Normal(endpoint.Address);
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
                || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224)
                || address.IsIPv6Multicast)
            {
                throw new AuthorityException($"endpoints: {endpoint} cannot be reached by other nodes");
            }

            var kind = (kindTexts?[i] ?? "configured") switch
            {
                "configured" => EndpointKind.Configured,
                "mapped" => EndpointKind.Mapped,
                "observed" => EndpointKind.Observed,
                var other => throw new AuthorityException($"kinds: '{Printable.Escape(other ?? string.Empty)}' is not configured, mapped or observed"),
            };
            var normal = new IPEndPoint(address, endpoint.Port);
            if (!endpoints.Contains(normal))
            {
                endpoints.Add(normal);
                kinds.Add(kind);
            }
        }

        return endpoints.Count > MaxEndpoints
            ? throw new AuthorityException($"endpoints: {endpoints.Count} given, at most {MaxEndpoints}")
            : (endpoints, kinds);
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Endpoints of {Name} re-signed: {Endpoints} (serial {Serial})")]
        public static partial void EndpointsUpdated(ILogger logger, string name, string endpoints, ulong serial);

        [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Endpoint update for {Name} from {Source} refused: {Reason}")]
        public static partial void EndpointsRefused(ILogger logger, string name, string source, string reason);
    }
}
