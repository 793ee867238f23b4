using System.Globalization;
using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Records;

namespace MeshAgent.Daemon.Authority;

/// <summary>Devices without the agent (<c>meshctl peer add|list|remove</c>): records of kind client, signed like any other.</summary>
public sealed partial class AuthorityLedger
{
    /// <summary>Keepalive a client sends when the mesh config sets none: a phone behind NAT must keep its mapping open.</summary>
    private static readonly TimeSpan ClientKeepalive = TimeSpan.FromSeconds(25);

    /// <summary>Issues (or re-issues with the same key) the record of a client peered by one hub.</summary>
    /// <exception cref="AuthorityException">Bad field, unknown hub, name or address taken, revoked key.</exception>
    public ClientResponse AddClient(ClientRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mesh = _config.Current.Mesh ?? throw new AuthorityException("this node has no mesh section");
        lock (_gate)
        {
            var input = AdmissionInput.Parse(request.Name, request.PublicKey, role: null, endpoints: null, subnets: null, request.Address);
            var hub = Hub(request.Hub);
            input = input with { Role = NodeRole.Client, ViaHubs = [hub.Name] };
            var held = _mesh.Book.Find(input.Name)?.Record;
            if (held is not null && (held.Role != NodeRole.Client || held.WireGuardPublicKey != input.PublicKey))
            {
                throw new AuthorityException($"the name {input.Name} is taken; choose another or revoke it first (meshctl revoke {input.Name})");
            }

            if (_mesh.Book.Verifier.Revocations.IsRevoked(input.PublicKey))
            {
                throw new AuthorityException("this key is revoked");
            }

            var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRecordTtl;
            var issued = Issue(input, ttl).Record;
            Log.Admitted(_logger, input, issued.MeshIPv4, "client");
            var records = _mesh.Book.Records.Select(r => r.Record).ToList();
            return new ClientResponse(
                issued.Name,
                issued.MeshIPv4.ToString(),
                hub.Name,
                hub.WireGuardPublicKey,
                HubEndpoint(hub),
                hub.MeshIPv4.ToString(),
                mesh.Prefix.ToString(),
                mesh.PrefixV6?.ToString(),
                [.. records.Where(r => r.Role != NodeRole.Client).SelectMany(r => r.Subnets).Distinct().Select(s => s.ToString())],
                _config.Current.DnsDhcp?.MeshDomain ?? "mesh",
                (int)(mesh.PersistentKeepalive is { } keepalive && keepalive > TimeSpan.Zero ? keepalive : ClientKeepalive).TotalSeconds,
                Path.Combine(_config.Current.Node.StateDirectory, "clients"),
                issued.ExpiresAt);
        }
    }

    /// <summary>The clients with valid records, by name.</summary>
    public IReadOnlyList<ClientInfo> Clients() =>
        [.. _mesh.Book.Records.Select(r => r.Record)
            .Where(r => r.Role == NodeRole.Client)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new ClientInfo(r.Name, r.WireGuardPublicKey, r.MeshIPv4.ToString(), r.ViaHubs, r.ExpiresAt))];

    /// <summary>Revokes a client's key (gossiped like every revocation).</summary>
    /// <exception cref="AuthorityException">No client of that name.</exception>
    public RevocationList RemoveClient(string name)
    {
        lock (_gate)
        {
            if (_mesh.Book.Find(name)?.Record is not { Role: NodeRole.Client })
            {
                throw new AuthorityException($"no device without the agent is called {name} (meshctl peer list)");
            }

            return Revoke(name);
        }
    }

    /// <summary>The named hub's record, or this node's when it is a hub, or the first hub by name.</summary>
    private NodeRecord Hub(string? name)
    {
        var hubs = _mesh.Book.Records.Select(r => r.Record).Where(r => r.Role == NodeRole.Hub).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (name is not null)
        {
            return hubs.FirstOrDefault(h => h.Name == name)
                ?? throw new AuthorityException($"hub: no hub is called {name} (hubs: {(hubs.Count == 0 ? "none" : string.Join(", ", hubs.Select(h => h.Name)))})");
        }

        return hubs.FirstOrDefault(h => h.Name == _config.Current.Node.Name) ?? hubs.FirstOrDefault()
            ?? throw new AuthorityException("the mesh has no hub with a record yet");
    }

    /// <summary>The hub's advertised endpoint, else the one this node's config names for it.</summary>
    private string? HubEndpoint(NodeRecord hub)
    {
        if (hub.Endpoints.Count > 0)
        {
            return hub.Endpoints[0].ToString();
        }

        var mesh = _config.Current.Mesh!;
        var endpoint = hub.Name == _config.Current.Node.Name ? mesh.Endpoint : mesh.Hubs.FirstOrDefault(h => h.Name == hub.Name)?.Endpoint;
        return endpoint switch
        {
            null => null,
            DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
            _ => endpoint.ToString(),
        };
    }
}
