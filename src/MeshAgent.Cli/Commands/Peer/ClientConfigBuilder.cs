using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Clients;

namespace MeshAgent.Cli.Commands.Peer;

/// <summary>Turns the daemon's <see cref="ClientResponse"/> and the key meshctl holds into the device's <see cref="ClientConfig"/>.</summary>
internal static class ClientConfigBuilder
{
    /// <summary>The config; <paramref name="privateKey"/> is empty when the device keeps its own key (--pubkey).</summary>
    /// <exception cref="InvalidOperationException">The mesh knows no endpoint for the hub.</exception>
    public static ClientConfig Build(ClientResponse answer, string privateKey, bool dns, ClientRouting routing)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var endpoint = answer.HubEndpoint
            ?? throw new InvalidOperationException($"the hub {answer.Hub} advertises no endpoint, so a device cannot reach it; choose a hub with one (--hub)");
        var allowed = ClientConfig.AllowedIPsFor(
            routing,
            IPNetwork.Parse(answer.MeshPrefix),
            answer.MeshPrefixV6 is { } v6 ? IPNetwork.Parse(v6) : null,
            answer.Subnets.Select(IPNetwork.Parse));
        return new ClientConfig(
            privateKey,
            IPAddress.Parse(answer.Address),
            dns ? IPAddress.Parse(answer.HubMeshAddress) : null,
            dns ? answer.MeshDomain : null,
            answer.HubPublicKey,
            endpoint,
            allowed,
            TimeSpan.FromSeconds(answer.KeepaliveSeconds));
    }
}
