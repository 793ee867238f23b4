using MeshAgent.Netlink;
using MeshAgent.WireGuard.Kernel;

namespace MeshAgent.WireGuard.Tests.Kernel;

/// <summary>Reads back what the packer wrote: per message, the device flags and each peer fragment's flags.</summary>
internal static class SetMessageDecoder
{
    public sealed record Fragment(WireGuardKey Key, uint Flags, int AllowedIps, bool HasEndpoint);

    public sealed record Message(int Length, uint DeviceFlags, bool HasPrivateKey, List<Fragment> Fragments);

    public static List<NetlinkMessage> Serialize(IEnumerable<NetlinkMessageBuilder> builders) =>
        builders.Select((b, i) => NetlinkMessage.ParseDatagram(b.ToArray((uint)i + 1)).Single()).ToList();

    public static List<Message> Decode(IEnumerable<NetlinkMessage> messages)
    {
        var result = new List<Message>();
        foreach (var message in messages)
        {
            uint deviceFlags = 0;
            var hasKey = false;
            var fragments = new List<Fragment>();
            foreach (var attribute in message.Attributes(4))
            {
                if (attribute.Type == WireGuardGenl.DeviceFlags)
                {
                    deviceFlags = attribute.GetU32();
                }
                else if (attribute.Type == WireGuardGenl.DevicePrivateKey)
                {
                    hasKey = true;
                }
                else if (attribute.Type == WireGuardGenl.DevicePeers)
                {
                    foreach (var peer in attribute.Nested)
                    {
                        WireGuardKey key = default;
                        uint flags = 0;
                        var ips = 0;
                        var endpoint = false;
                        foreach (var field in peer.Nested)
                        {
                            switch (field.Type)
                            {
                                case WireGuardGenl.PeerPublicKey:
                                    key = new WireGuardKey(field.Payload);
                                    break;
                                case WireGuardGenl.PeerFlags:
                                    flags = field.GetU32();
                                    break;
                                case WireGuardGenl.PeerEndpoint:
                                    endpoint = true;
                                    break;
                                case WireGuardGenl.PeerAllowedIps:
                                    foreach (var ip in field.Nested)
                                    {
                                        ips++;
                                    }

                                    break;
                            }
                        }

                        fragments.Add(new Fragment(key, flags, ips, endpoint));
                    }
                }
            }

            result.Add(new Message((int)message.Header.Length, deviceFlags, hasKey, fragments));
        }

        return result;
    }
}
