using System.Globalization;
using System.Net;
using MeshAgent.Core.Configuration.Values;
using MeshAgent.Core.Records;

namespace MeshAgent.Daemon.Authority;

/// <summary>The parsed, checked parts of a join or admit request.</summary>
/// <param name="Name">DNS label.</param>
/// <param name="PublicKey">Base64 of 32 bytes.</param>
/// <param name="Role">Requested role.</param>
/// <param name="Endpoints">Underlay endpoints.</param>
/// <param name="Subnets">Routed prefixes.</param>
/// <param name="Address">Requested mesh IPv4 address, or null to allocate.</param>
public sealed record AdmissionInput(string Name, string PublicKey, NodeRole Role, IReadOnlyList<IPEndPoint> Endpoints, IReadOnlyList<IPNetwork> Subnets, IPAddress? Address)
{
    /// <summary>For a client: the hubs that peer with it.</summary>
    public IReadOnlyList<string> ViaHubs { get; init; } = [];

    /// <summary>How each endpoint was found, by position; empty when all are configured.</summary>
    public IReadOnlyList<EndpointKind> EndpointKinds { get; init; } = [];

    /// <summary>Parses request fields; throws <see cref="AuthorityException"/> naming the first bad one.</summary>
    public static AdmissionInput Parse(string? name, string? publicKey, string? role, IEnumerable<string>? endpoints, IEnumerable<string>? subnets, string? address)
    {
        if (string.IsNullOrEmpty(name) || DnsName.CheckLabel(name) is not null)
        {
            throw new AuthorityException($"name: '{Printable.Escape(name ?? string.Empty)}' is not a DNS label");
        }

        var key = new byte[32];
        if (publicKey is null || !Convert.TryFromBase64String(publicKey, key, out var written) || written != 32)
        {
            throw new AuthorityException("public_key: not a base64 WireGuard key of 32 bytes");
        }

        var parsedRole = role?.ToUpperInvariant() switch
        {
            null or "" or "SPOKE" => NodeRole.Spoke,
            "HUB" => NodeRole.Hub,
            _ => throw new AuthorityException($"role: '{Printable.Escape(role)}' is neither hub nor spoke"),
        };

        var parsedEndpoints = new List<IPEndPoint>();
        foreach (var text in endpoints ?? [])
        {
            if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0)
            {
                throw new AuthorityException($"endpoints: '{Printable.Escape(text)}' is not an IP address and port");
            }

            parsedEndpoints.Add(endpoint);
        }

        var parsedSubnets = new List<IPNetwork>();
        foreach (var text in subnets ?? [])
        {
            if (!IPNetwork.TryParse(text, out var subnet))
            {
                throw new AuthorityException($"subnets: '{Printable.Escape(text)}' is not a prefix in CIDR form");
            }

            parsedSubnets.Add(subnet);
        }

        IPAddress? parsedAddress = null;
        if (!string.IsNullOrEmpty(address) && !IPAddress.TryParse(address, out parsedAddress))
        {
            throw new AuthorityException($"address: '{Printable.Escape(address)}' is not an IP address");
        }

        return new AdmissionInput(name, publicKey, parsedRole, parsedEndpoints, parsedSubnets, parsedAddress);
    }

    /// <summary>The API's word for a role.</summary>
    public static string RoleText(NodeRole role) => role switch { NodeRole.Hub => "hub", NodeRole.Client => "client", _ => "spoke" };

    /// <summary>Endpoints as text.</summary>
    public IReadOnlyList<string> EndpointTexts => [.. Endpoints.Select(e => e.ToString())];

    /// <summary>For logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({RoleText(Role)}, {PublicKey})");
}
