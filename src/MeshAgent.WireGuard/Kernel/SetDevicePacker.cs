using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MeshAgent.Netlink;

namespace MeshAgent.WireGuard.Kernel;

/// <summary>
/// Turns one <see cref="DeviceConfig"/> into as few WG_CMD_SET_DEVICE messages as fit. Each message is
/// filled up to <see cref="MaximumMessageBytes"/> and to the 65535-byte limit of the WGDEVICE_A_PEERS
/// nest (nla_len is 16 bits); a peer whose allowed IPs do not fit is split, its later fragments
/// carrying only the public key, WGPEER_F_UPDATE_ONLY and more allowed IPs. REPLACE_PEERS goes only in
/// the first message and REPLACE_ALLOWEDIPS only in a peer's first fragment, so applying the messages
/// in order has the effect of the whole config (not atomically: the kernel has no multi-message
/// transaction). Pure and thread-safe.
/// </summary>
internal static class SetDevicePacker
{
    /// <summary>
    /// Default size cap per message. The kernel accepts anything below the socket's send buffer
    /// (wmem_default, 208 KiB); the peers nest caps a message near 64 KiB anyway.
    /// </summary>
    public const int MaximumMessageBytes = 128 * 1024;

    /// <summary>Builds the messages for <paramref name="config"/> on device <paramref name="name"/>.</summary>
    /// <param name="familyId">The resolved id of the "wireguard" generic netlink family.</param>
    /// <param name="name">Interface name.</param>
    /// <param name="config">The change to apply.</param>
    /// <param name="maximumMessageBytes">Cap per message in bytes (tests use small values).</param>
    /// <exception cref="ArgumentException">The cap is too small for one peer fragment.</exception>
    public static List<NetlinkMessageBuilder> Pack(ushort familyId, string name, DeviceConfig config, int maximumMessageBytes = MaximumMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var messages = new List<NetlinkMessageBuilder>();
        var message = Start(familyId, name, config, first: true);
        var peersNest = -1;

        foreach (var peer in config.Peers)
        {
            // A removed peer needs nothing but its key; allowed IPs with it would be ignored by the kernel.
            IReadOnlyList<IPNetwork> allowedIps = peer.Remove ? [] : peer.AllowedIPs;
            var nextAllowedIp = 0;
            var firstFragment = true;
            while (true)
            {
                if (peersNest < 0)
                {
                    peersNest = message.BeginNested(WireGuardGenl.DevicePeers);
                }

                var limit = Math.Min(maximumMessageBytes, peersNest + NetlinkAttributeFlags.MaximumLength);
                var fragmentStart = message.Length;
                var peerNest = message.BeginNested(0);
                WritePeerHead(message, peer, firstFragment);
                var written = WriteAllowedIps(message, allowedIps, nextAllowedIp, limit);
                var remaining = allowedIps.Count - nextAllowedIp - written;
                var progressed = written > 0 || (firstFragment && allowedIps.Count == 0);
                if (message.Length > limit || !progressed)
                {
                    // Not even the head (plus one allowed IP) fits here: move the fragment to a new message.
                    message.Rewind(fragmentStart);
                    if (fragmentStart == peersNest + NetlinkAttributeFlags.HeaderSize)
                    {
                        throw new ArgumentException($"A message of {maximumMessageBytes} bytes cannot hold one peer.", nameof(maximumMessageBytes));
                    }

                    Finish(messages, message, peersNest);
                    message = Start(familyId, name, config, first: false);
                    peersNest = -1;
                    continue;
                }

                message.EndNested(peerNest);
                nextAllowedIp += written;
                firstFragment = false;
                if (remaining == 0)
                {
                    break;
                }

                Finish(messages, message, peersNest);
                message = Start(familyId, name, config, first: false);
                peersNest = -1;
            }
        }

        Finish(messages, message, peersNest);
        return messages;
    }

    private static NetlinkMessageBuilder Start(ushort familyId, string name, DeviceConfig config, bool first)
    {
        var message = new NetlinkMessageBuilder(familyId, 0, 4096);
        message.AddGenericHeader(WireGuardGenl.CommandSetDevice, WireGuardGenl.Version);
        message.AddString(WireGuardGenl.DeviceIfName, name);
        if (!first)
        {
            return message;
        }

        if (config.ReplacePeers)
        {
            message.AddU32(WireGuardGenl.DeviceFlags, WireGuardGenl.DeviceFlagReplacePeers);
        }

        if (config.PrivateKey is { } key)
        {
            message.AddBytes(WireGuardGenl.DevicePrivateKey, key.Bytes);
        }

        if (config.ListenPort is { } port)
        {
            message.AddU16(WireGuardGenl.DeviceListenPort, checked((ushort)port));
        }

        if (config.FirewallMark is { } mark)
        {
            message.AddU32(WireGuardGenl.DeviceFwmark, mark);
        }

        return message;
    }

    private static void Finish(List<NetlinkMessageBuilder> messages, NetlinkMessageBuilder message, int peersNest)
    {
        if (peersNest >= 0)
        {
            message.EndNested(peersNest);
        }

        messages.Add(message);
    }

    private static void WritePeerHead(NetlinkMessageBuilder message, PeerConfig peer, bool firstFragment)
    {
        message.AddBytes(WireGuardGenl.PeerPublicKey, peer.PublicKey.Bytes);
        if (!firstFragment)
        {
            // The first fragment created the peer (or, if update-only, did not); either way a later
            // fragment must never create it.
            message.AddU32(WireGuardGenl.PeerFlags, WireGuardGenl.PeerFlagUpdateOnly);
            return;
        }

        var flags = (peer.Remove ? WireGuardGenl.PeerFlagRemoveMe : 0)
            | (peer.ReplaceAllowedIPs ? WireGuardGenl.PeerFlagReplaceAllowedIps : 0)
            | (peer.UpdateOnly ? WireGuardGenl.PeerFlagUpdateOnly : 0);
        if (flags != 0)
        {
            message.AddU32(WireGuardGenl.PeerFlags, flags);
        }

        if (peer.Remove)
        {
            return;
        }

        if (peer.PresharedKey is { } psk)
        {
            message.AddBytes(WireGuardGenl.PeerPresharedKey, psk.Bytes);
        }

        if (peer.Endpoint is { } endpoint)
        {
            message.AddBytes(WireGuardGenl.PeerEndpoint, EncodeSockaddr(endpoint));
        }

        if (peer.PersistentKeepalive is { } keepalive)
        {
            message.AddU16(WireGuardGenl.PeerPersistentKeepalive, checked((ushort)keepalive.TotalSeconds));
        }
    }

    private static int WriteAllowedIps(NetlinkMessageBuilder message, IReadOnlyList<IPNetwork> allowedIps, int start, int limit)
    {
        if (start >= allowedIps.Count)
        {
            return 0;
        }

        var nest = message.BeginNested(WireGuardGenl.PeerAllowedIps);
        var written = 0;
        Span<byte> address = stackalloc byte[16];
        for (var i = start; i < allowedIps.Count; i++)
        {
            var mark = message.Length;
            var network = allowedIps[i];
            var v4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
            var entry = message.BeginNested(0);
            message.AddU16(WireGuardGenl.AllowedIpFamily, v4 ? WireGuardGenl.AF_INET : WireGuardGenl.AF_INET6);
            network.BaseAddress.TryWriteBytes(address, out var length);
            message.AddBytes(WireGuardGenl.AllowedIpAddress, address[..length]);
            message.AddU8(WireGuardGenl.AllowedIpCidrMask, (byte)network.PrefixLength);
            message.EndNested(entry);
            if (message.Length > limit)
            {
                message.Rewind(mark);
                break;
            }

            written++;
        }

        if (written == 0)
        {
            message.Rewind(nest);
        }
        else
        {
            message.EndNested(nest);
        }

        return written;
    }

    /// <summary>struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes); family in host order, port in network order.</summary>
    internal static byte[] EncodeSockaddr(IPEndPoint endpoint)
    {
        if (endpoint.AddressFamily == AddressFamily.InterNetwork)
        {
            var v4 = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(v4, WireGuardGenl.AF_INET);
            BinaryPrimitives.WriteUInt16BigEndian(v4.AsSpan(2), (ushort)endpoint.Port);
            endpoint.Address.TryWriteBytes(v4.AsSpan(4), out _);
            return v4;
        }

        var v6 = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(v6, WireGuardGenl.AF_INET6);
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(2), (ushort)endpoint.Port);
        endpoint.Address.TryWriteBytes(v6.AsSpan(8), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(v6.AsSpan(24), (uint)endpoint.Address.ScopeId);
        return v6;
    }
}
