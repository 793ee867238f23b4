using MeshAgent.Netlink;
using MeshAgent.Netlink.Route;

namespace MeshAgent.WireGuard.Reconciliation;

/// <summary><see cref="ILinkControl"/> over rtnetlink. Thread-safe as far as the netlink connection is.</summary>
public sealed class RouteNetlinkLinkControl(RouteNetlinkClient route) : ILinkControl
{
    /// <inheritdoc />
    public async Task<LinkState?> GetAsync(string name, CancellationToken cancellationToken)
    {
        LinkInfo link;
        try
        {
            link = await route.GetLinkAsync(name, cancellationToken);
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
            return null;
        }

        var addresses = await route.GetAddressesAsync(link.Index, cancellationToken);
        return new LinkState(link.IsUp, link.Mtu, [.. addresses.Select(a => a.Address.ToString())]);
    }

    /// <inheritdoc />
    public async Task SetUpAsync(string name, CancellationToken cancellationToken) =>
        await route.SetLinkUpAsync((await route.GetLinkAsync(name, cancellationToken)).Index, up: true, cancellationToken);

    /// <inheritdoc />
    public async Task SetMtuAsync(string name, int mtu, CancellationToken cancellationToken) =>
        await route.SetMtuAsync((await route.GetLinkAsync(name, cancellationToken)).Index, mtu, cancellationToken);

    /// <inheritdoc />
    public async Task AddAddressAsync(string name, string cidr, CancellationToken cancellationToken) =>
        await route.AddAddressAsync((await route.GetLinkAsync(name, cancellationToken)).Index, InterfaceAddress.Parse(cidr), cancellationToken);

    /// <inheritdoc />
    public async Task RemoveAddressAsync(string name, string cidr, CancellationToken cancellationToken) =>
        await route.DeleteAddressAsync((await route.GetLinkAsync(name, cancellationToken)).Index, InterfaceAddress.Parse(cidr), cancellationToken);
}
