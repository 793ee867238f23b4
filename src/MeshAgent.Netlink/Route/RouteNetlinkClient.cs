using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MeshAgent.Interop;

namespace MeshAgent.Netlink.Route;

/// <summary>
/// rtnetlink: links (create/delete by kind, up/down, MTU, dump), addresses (add/delete/list) and unicast
/// routes (add/delete/list), over one <see cref="NetlinkProtocol.Route"/> connection. Thread-safe as
/// the connection is (requests are serialised). Failures are <see cref="NetlinkException"/>; a missing
/// link is ENODEV (<see cref="NetlinkException.IsNotFound"/>).
/// </summary>
public sealed class RouteNetlinkClient : IDisposable
{
    private const ushort RTM_NEWLINK = 16;
    private const ushort RTM_DELLINK = 17;
    private const ushort RTM_GETLINK = 18;
    private const ushort RTM_NEWADDR = 20;
    private const ushort RTM_DELADDR = 21;
    private const ushort RTM_GETADDR = 22;
    private const ushort RTM_NEWROUTE = 24;
    private const ushort RTM_DELROUTE = 25;
    private const ushort RTM_GETROUTE = 26;

    private const int IfInfoSize = 16;
    private const int IfAddrSize = 8;
    private const int RtMsgSize = 12;

    private const ushort IFLA_IFNAME = 3;
    private const ushort IFLA_MTU = 4;
    private const ushort IFLA_LINKINFO = 18;
    private const ushort IFLA_INFO_KIND = 1;
    private const ushort IFA_ADDRESS = 1;
    private const ushort IFA_LOCAL = 2;
    private const ushort RTA_DST = 1;
    private const ushort RTA_OIF = 4;
    private const ushort RTA_GATEWAY = 5;
    private const ushort RTA_PRIORITY = 6;
    private const ushort RTA_TABLE = 15;

    private const byte AF_UNSPEC = 0;
    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;
    private const byte RTN_UNICAST = 1;
    private const byte RTPROT_STATIC = 4;
    private const byte RT_SCOPE_UNIVERSE = 0;
    private const byte RT_SCOPE_LINK = 253;

    // rtm_table is one byte; ids above 255 go in RTA_TABLE with RT_TABLE_COMPAT in the header.
    private const byte RT_TABLE_COMPAT = 252;

    private readonly NetlinkConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>Uses <paramref name="connection"/> (a <see cref="NetlinkProtocol.Route"/> one).</summary>
    public RouteNetlinkClient(NetlinkConnection connection, bool ownsConnection = false)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _ownsConnection = ownsConnection;
    }

    /// <summary>Opens its own connection, optionally inside a network namespace (e.g. /run/netns/NAME).</summary>
    public static RouteNetlinkClient Open(string? networkNamespacePath = null) =>
        new(NetlinkConnection.Open(NetlinkProtocol.Route, networkNamespacePath), ownsConnection: true);

    /// <summary>Creates a link of <paramref name="kind"/> (e.g. "wireguard", "dummy"), down.</summary>
    /// <exception cref="NetlinkException">EEXIST when the name is taken; EOPNOTSUPP ("Unknown device type")
    /// when the kernel lacks the kind.</exception>
    public Task CreateLinkAsync(string name, string kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var request = new NetlinkMessageBuilder(RTM_NEWLINK, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 128);
        request.AddFixedHeader(IfInfoSize);
        request.AddString(IFLA_IFNAME, name);
        var info = request.BeginNested(IFLA_LINKINFO);
        request.AddString(IFLA_INFO_KIND, kind);
        request.EndNested(info);
        return _connection.ExecuteAsync($"RTM_NEWLINK {name} type {kind}", request, cancellationToken);
    }

    /// <summary>Deletes a link by name.</summary>
    /// <exception cref="NetlinkException">ENODEV when it does not exist.</exception>
    public Task DeleteLinkAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new NetlinkMessageBuilder(RTM_DELLINK, 0, 64);
        request.AddFixedHeader(IfInfoSize);
        request.AddString(IFLA_IFNAME, name);
        return _connection.ExecuteAsync($"RTM_DELLINK {name}", request, cancellationToken);
    }

    /// <summary>Sets a link administratively up or down.</summary>
    public Task SetLinkUpAsync(int index, bool up, CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(RTM_NEWLINK, 0, 64);
        WriteIfInfo(request.AddFixedHeader(IfInfoSize), AF_UNSPEC, index, up ? LinkInfo.FlagUp : 0, LinkInfo.FlagUp);
        return _connection.ExecuteAsync($"RTM_NEWLINK index {index} {(up ? "up" : "down")}", request, cancellationToken);
    }

    /// <summary>Sets a link's MTU in bytes.</summary>
    /// <exception cref="NetlinkException">EINVAL when the MTU is outside the device's range.</exception>
    public Task SetMtuAsync(int index, int mtu, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mtu);
        var request = new NetlinkMessageBuilder(RTM_NEWLINK, 0, 64);
        WriteIfInfo(request.AddFixedHeader(IfInfoSize), AF_UNSPEC, index, 0, 0);
        request.AddU32(IFLA_MTU, (uint)mtu);
        return _connection.ExecuteAsync($"RTM_NEWLINK index {index} mtu {mtu}", request, cancellationToken);
    }

    /// <summary>Every link in the namespace.</summary>
    public async Task<IReadOnlyList<LinkInfo>> GetLinksAsync(CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(RTM_GETLINK, 0, 64);
        request.AddFixedHeader(IfInfoSize);
        var replies = await _connection.DumpAsync("RTM_GETLINK dump", request, cancellationToken);
        return Decode("RTM_GETLINK dump", replies, RTM_NEWLINK, ParseLink);
    }

    /// <summary>One link by name.</summary>
    /// <exception cref="NetlinkException">ENODEV when it does not exist.</exception>
    public async Task<LinkInfo> GetLinkAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new NetlinkMessageBuilder(RTM_GETLINK, NetlinkMessageFlags.Request, 64);
        request.AddFixedHeader(IfInfoSize);
        request.AddString(IFLA_IFNAME, name);
        var operation = $"RTM_GETLINK {name}";

        // A GET without NLM_F_DUMP answers with the object, then the ack.
        var replies = await _connection.ExecuteAsync(operation, request, cancellationToken);
        var links = Decode(operation, replies, RTM_NEWLINK, ParseLink);
        return links.Count == 1 ? links[0] : throw new NetlinkException(operation, Errno.EIO, $"{links.Count} links in the reply");
    }

    /// <summary>Adds an address to an interface.</summary>
    /// <exception cref="NetlinkException">EEXIST when it is already there.</exception>
    public Task AddAddressAsync(int index, InterfaceAddress address, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync($"RTM_NEWADDR {address} index {index}", BuildAddress(RTM_NEWADDR, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, index, address), cancellationToken);

    /// <summary>Removes an address from an interface.</summary>
    /// <exception cref="NetlinkException">EADDRNOTAVAIL when it is not there.</exception>
    public Task DeleteAddressAsync(int index, InterfaceAddress address, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync($"RTM_DELADDR {address} index {index}", BuildAddress(RTM_DELADDR, 0, index, address), cancellationToken);

    /// <summary>Addresses of one interface (or of all with null), IPv4 and IPv6.</summary>
    public async Task<IReadOnlyList<AddressEntry>> GetAddressesAsync(int? index, CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(RTM_GETADDR, 0, 64);
        request.AddFixedHeader(IfAddrSize);
        var replies = await _connection.DumpAsync("RTM_GETADDR dump", request, cancellationToken);
        var all = Decode("RTM_GETADDR dump", replies, RTM_NEWADDR, ParseAddress);
        return index is null ? all : all.Where(a => a.InterfaceIndex == index).ToList();
    }

    /// <summary>Adds a unicast route.</summary>
    /// <exception cref="NetlinkException">EEXIST when an equal route exists; ENETUNREACH for an unreachable gateway.</exception>
    public Task AddRouteAsync(RouteEntry route, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync($"RTM_NEWROUTE {Describe(route)}", BuildRoute(RTM_NEWROUTE, NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, route), cancellationToken);

    /// <summary>Deletes a unicast route.</summary>
    /// <exception cref="NetlinkException">ESRCH when no such route exists.</exception>
    public Task DeleteRouteAsync(RouteEntry route, CancellationToken cancellationToken) =>
        _connection.ExecuteAsync($"RTM_DELROUTE {Describe(route)}", BuildRoute(RTM_DELROUTE, 0, route), cancellationToken);

    /// <summary>Unicast routes of one address family in one table.</summary>
    public async Task<IReadOnlyList<RouteEntry>> GetRoutesAsync(AddressFamily family, uint table, CancellationToken cancellationToken)
    {
        var request = new NetlinkMessageBuilder(RTM_GETROUTE, 0, 64);
        request.AddFixedHeader(RtMsgSize)[0] = ToFamily(family);
        var replies = await _connection.DumpAsync("RTM_GETROUTE dump", request, cancellationToken);
        return Decode("RTM_GETROUTE dump", replies, RTM_NEWROUTE, ParseRoute)
            .Where(r => r is not null && r.Table == table)
            .Select(r => r!)
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <summary>Parses an RTM_NEWLINK message.</summary>
    internal static LinkInfo ParseLink(NetlinkMessage message)
    {
        var header = message.Payload.Span;
        if (header.Length < IfInfoSize)
        {
            throw new NetlinkFormatException("RTM_NEWLINK shorter than ifinfomsg.");
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        string? name = null;
        string? kind = null;
        var mtu = 0;
        foreach (var attribute in message.Attributes(IfInfoSize))
        {
            switch (attribute.Type)
            {
                case IFLA_IFNAME:
                    name = attribute.GetString();
                    break;
                case IFLA_MTU:
                    mtu = (int)attribute.GetU32();
                    break;
                case IFLA_LINKINFO:
                    foreach (var info in attribute.Nested)
                    {
                        if (info.Type == IFLA_INFO_KIND)
                        {
                            kind = info.GetString();
                        }
                    }

                    break;
            }
        }

        return new LinkInfo(index, name ?? throw new NetlinkFormatException("RTM_NEWLINK without IFLA_IFNAME."), kind, flags, mtu);
    }

    /// <summary>Parses an RTM_NEWADDR message.</summary>
    internal static AddressEntry ParseAddress(NetlinkMessage message)
    {
        var header = message.Payload.Span;
        if (header.Length < IfAddrSize)
        {
            throw new NetlinkFormatException("RTM_NEWADDR shorter than ifaddrmsg.");
        }

        int prefix = header[1];
        var index = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        IPAddress? local = null;
        IPAddress? address = null;
        foreach (var attribute in message.Attributes(IfAddrSize))
        {
            if (attribute.Type == IFA_LOCAL)
            {
                local = attribute.GetAddress();
            }
            else if (attribute.Type == IFA_ADDRESS)
            {
                address = attribute.GetAddress();
            }
        }

        // For IPv4, IFA_LOCAL is the interface's own address and IFA_ADDRESS the peer on point-to-point
        // links; IPv6 reports only IFA_ADDRESS.
        var own = local ?? address ?? throw new NetlinkFormatException("RTM_NEWADDR without an address.");
        return new AddressEntry(index, new InterfaceAddress(own, prefix));
    }

    /// <summary>Parses an RTM_NEWROUTE message; null for non-unicast routes (local, broadcast, ...).</summary>
    internal static RouteEntry? ParseRoute(NetlinkMessage message)
    {
        var header = message.Payload.Span;
        if (header.Length < RtMsgSize)
        {
            throw new NetlinkFormatException("RTM_NEWROUTE shorter than rtmsg.");
        }

        var family = header[0];
        int prefix = header[1];
        uint table = header[4];
        if (header[7] != RTN_UNICAST)
        {
            return null;
        }

        IPAddress? destination = null;
        IPAddress? gateway = null;
        int? oif = null;
        uint? metric = null;
        foreach (var attribute in message.Attributes(RtMsgSize))
        {
            switch (attribute.Type)
            {
                case RTA_DST:
                    destination = attribute.GetAddress();
                    break;
                case RTA_GATEWAY:
                    gateway = attribute.GetAddress();
                    break;
                case RTA_OIF:
                    oif = (int)attribute.GetU32();
                    break;
                case RTA_PRIORITY:
                    metric = attribute.GetU32();
                    break;
                case RTA_TABLE:
                    table = attribute.GetU32();
                    break;
            }
        }

        destination ??= family == AF_INET6 ? IPAddress.IPv6Any : IPAddress.Any;
        var maximum = destination.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > maximum)
        {
            throw new NetlinkFormatException($"RTM_NEWROUTE prefix length {prefix}.");
        }

        try
        {
            return new RouteEntry(new IPNetwork(destination, prefix), oif, gateway, table, metric);
        }
        catch (ArgumentException e)
        {
            throw new NetlinkFormatException($"RTM_NEWROUTE destination {destination}/{prefix} has host bits set.", e);
        }
    }

    private static NetlinkMessageBuilder BuildAddress(ushort type, ushort flags, int index, InterfaceAddress address)
    {
        var request = new NetlinkMessageBuilder(type, flags, 64);
        var header = request.AddFixedHeader(IfAddrSize);
        header[0] = ToFamily(address.Address.AddressFamily);
        header[1] = (byte)address.PrefixLength;
        header[3] = RT_SCOPE_UNIVERSE;
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)index);
        var bytes = address.Address.GetAddressBytes();
        request.AddBytes(IFA_LOCAL, bytes);
        request.AddBytes(IFA_ADDRESS, bytes);
        return request;
    }

    private static NetlinkMessageBuilder BuildRoute(ushort type, ushort flags, RouteEntry route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var request = new NetlinkMessageBuilder(type, flags, 96);
        var header = request.AddFixedHeader(RtMsgSize);
        header[0] = ToFamily(route.Destination.BaseAddress.AddressFamily);
        header[1] = (byte)route.Destination.PrefixLength;
        header[4] = route.Table <= byte.MaxValue ? (byte)route.Table : RT_TABLE_COMPAT;
        header[5] = RTPROT_STATIC;
        header[6] = route.Gateway is null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        header[7] = RTN_UNICAST;
        request.AddBytes(RTA_DST, route.Destination.BaseAddress.GetAddressBytes());
        request.AddU32(RTA_TABLE, route.Table);
        if (route.OutputInterface is { } oif)
        {
            request.AddU32(RTA_OIF, (uint)oif);
        }

        if (route.Gateway is { } gateway)
        {
            request.AddBytes(RTA_GATEWAY, gateway.GetAddressBytes());
        }

        if (route.Metric is { } metric)
        {
            request.AddU32(RTA_PRIORITY, metric);
        }

        return request;
    }

    private static void WriteIfInfo(Span<byte> header, byte family, int index, uint flags, uint change)
    {
        header[0] = family;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], change);
    }

    private static byte ToFamily(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"Address family {family} is not IPv4 or IPv6.", nameof(family)),
    };

    private static string Describe(RouteEntry route) =>
        $"{route.Destination}{(route.Gateway is null ? string.Empty : $" via {route.Gateway}")}{(route.OutputInterface is null ? string.Empty : $" oif {route.OutputInterface}")} table {route.Table}";

    private static List<T> Decode<T>(string operation, IReadOnlyList<NetlinkMessage> replies, ushort type, Func<NetlinkMessage, T> parse)
    {
        var result = new List<T>(replies.Count);
        try
        {
            foreach (var reply in replies)
            {
                if (reply.Header.Type == type)
                {
                    result.Add(parse(reply));
                }
            }
        }
        catch (NetlinkFormatException e)
        {
            throw new NetlinkException(operation, Errno.EIO, e.Message, e);
        }

        return result;
    }
}
