namespace MeshAgent.WireGuard.Reconciliation;

/// <summary>What the reconciler needs to know about a network interface.</summary>
/// <param name="IsUp">Administratively up.</param>
/// <param name="Mtu">Current MTU.</param>
/// <param name="Addresses">Addresses with prefix length, "10.10.11.5/24".</param>
public sealed record LinkState(bool IsUp, int Mtu, IReadOnlyList<string> Addresses);

/// <summary>
/// The link-level side of a WireGuard interface: state, MTU, addresses. Implemented over rtnetlink
/// (<see cref="RouteNetlinkLinkControl"/>); a seam so the reconciler's logic is tested without a kernel.
/// </summary>
public interface ILinkControl
{
    /// <summary>The interface's state, or null when it does not exist.</summary>
    Task<LinkState?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets the interface administratively up.</summary>
    Task SetUpAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets the MTU.</summary>
    Task SetMtuAsync(string name, int mtu, CancellationToken cancellationToken);

    /// <summary>Adds "address/prefix".</summary>
    Task AddAddressAsync(string name, string cidr, CancellationToken cancellationToken);

    /// <summary>Removes "address/prefix".</summary>
    Task RemoveAddressAsync(string name, string cidr, CancellationToken cancellationToken);
}
