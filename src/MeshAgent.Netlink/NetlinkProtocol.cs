namespace MeshAgent.Netlink;

/// <summary>The netlink protocol (socket(AF_NETLINK, SOCK_RAW, protocol)) a socket talks.</summary>
public enum NetlinkProtocol
{
    /// <summary>NETLINK_ROUTE: links, addresses, routes (rtnetlink).</summary>
    Route = 0,

    /// <summary>NETLINK_GENERIC: families such as nlctrl and wireguard.</summary>
    Generic = 16,
}
