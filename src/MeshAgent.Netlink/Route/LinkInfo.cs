namespace MeshAgent.Netlink.Route;

/// <summary>A network interface as an RTM_GETLINK dump reports it.</summary>
/// <param name="Index">Interface index.</param>
/// <param name="Name">Interface name (IFLA_IFNAME).</param>
/// <param name="Kind">IFLA_INFO_KIND, e.g. "wireguard", "veth", "dummy"; null for devices without one (lo, physical NICs).</param>
/// <param name="Flags">IFF_* flags (IFF_UP = 1).</param>
/// <param name="Mtu">MTU in bytes.</param>
public sealed record LinkInfo(int Index, string Name, string? Kind, uint Flags, int Mtu)
{
    /// <summary>IFF_UP: administratively up.</summary>
    public const uint FlagUp = 0x1;

    /// <summary>True when the link is administratively up.</summary>
    public bool IsUp => (Flags & FlagUp) != 0;
}
