namespace MeshAgent.WireGuard.Kernel;

/// <summary>
/// Numbers of the generic netlink family "wireguard" v1 (include/uapi/linux/wireguard.h).
/// </summary>
internal static class WireGuardGenl
{
    public const string FamilyName = "wireguard";
    public const byte Version = 1;

    public const byte CommandGetDevice = 0;
    public const byte CommandSetDevice = 1;

    public const ushort DeviceIfIndex = 1;
    public const ushort DeviceIfName = 2;
    public const ushort DevicePrivateKey = 3;
    public const ushort DevicePublicKey = 4;
    public const ushort DeviceFlags = 5;
    public const ushort DeviceListenPort = 6;
    public const ushort DeviceFwmark = 7;
    public const ushort DevicePeers = 8;

    public const uint DeviceFlagReplacePeers = 1u << 0;

    public const ushort PeerPublicKey = 1;
    public const ushort PeerPresharedKey = 2;
    public const ushort PeerFlags = 3;
    public const ushort PeerEndpoint = 4;
    public const ushort PeerPersistentKeepalive = 5;
    public const ushort PeerLastHandshake = 6;
    public const ushort PeerRxBytes = 7;
    public const ushort PeerTxBytes = 8;
    public const ushort PeerAllowedIps = 9;
    public const ushort PeerProtocolVersion = 10;

    public const uint PeerFlagRemoveMe = 1u << 0;
    public const uint PeerFlagReplaceAllowedIps = 1u << 1;
    public const uint PeerFlagUpdateOnly = 1u << 2;

    public const ushort AllowedIpFamily = 1;
    public const ushort AllowedIpAddress = 2;
    public const ushort AllowedIpCidrMask = 3;

    public const ushort AF_INET = 2;
    public const ushort AF_INET6 = 10;

    /// <summary>IFNAMSIZ - 1: the longest interface name.</summary>
    public const int MaximumNameLength = 15;
}
