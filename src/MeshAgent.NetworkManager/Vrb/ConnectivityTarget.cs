using System.Net;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>What must stay reachable after an apply for it to be kept (otherwise it is rolled back).</summary>
public sealed record ConnectivityTarget
{
    private ConnectivityTarget(ConnectivityTargetKind kind, IPAddress? address)
    {
        Kind = kind;
        Address = address;
    }

    /// <summary>Which kind of check.</summary>
    public ConnectivityTargetKind Kind { get; }

    /// <summary>The address for <see cref="ConnectivityTargetKind.Address"/>.</summary>
    public IPAddress? Address { get; }

    /// <summary>The default gateway of the main routing table as it was before the apply (no gateway: no check).</summary>
    public static ConnectivityTarget Gateway { get; } = new(ConnectivityTargetKind.Gateway, null);

    /// <summary>No check.</summary>
    public static ConnectivityTarget None { get; } = new(ConnectivityTargetKind.None, null);

    /// <summary>NM's own Connectivity state must not get worse than before the apply.</summary>
    public static ConnectivityTarget NetworkManager { get; } = new(ConnectivityTargetKind.NetworkManager, null);

    /// <summary>A fixed address that must answer ICMP echo.</summary>
    public static ConnectivityTarget Of(IPAddress address) =>
        new(ConnectivityTargetKind.Address, address ?? throw new ArgumentNullException(nameof(address)));

    /// <summary>"gateway", "none", "nm" or the address.</summary>
    public override string ToString() => Kind switch
    {
        ConnectivityTargetKind.Gateway => "gateway",
        ConnectivityTargetKind.None => "none",
        ConnectivityTargetKind.NetworkManager => "nm",
        _ => Address!.ToString(),
    };
}

/// <summary>Kinds of <see cref="ConnectivityTarget"/>.</summary>
public enum ConnectivityTargetKind
{
    /// <summary>The default gateway.</summary>
    Gateway,

    /// <summary>No check.</summary>
    None,

    /// <summary>A fixed address.</summary>
    Address,

    /// <summary>NM's Connectivity property.</summary>
    NetworkManager,
}
