using System.Net;
using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Membership;

/// <summary>
/// What an alive message says about a member besides its incarnation: name, address, metadata, versions.
/// Immutable and shared: every view holding the same facts about a member points at one instance
/// (see <see cref="MemberDirectory.InfoFor"/>), so a member costs one reference per view, not a copy.
/// </summary>
internal sealed class MemberInfo
{
    public MemberInfo(string name, byte[] addr, ushort port, byte[] meta, byte[] vsn)
    {
        Name = name;
        Addr = addr;
        Port = port;
        Meta = meta;
        Vsn = vsn;
        EndPoint = new IPEndPoint(new IPAddress(addr), port);
    }

    public string Name { get; }
    public byte[] Addr { get; }
    public ushort Port { get; }
    public byte[] Meta { get; }
    public byte[] Vsn { get; }
    public IPEndPoint EndPoint { get; }

    /// <summary>Encoded bytes of this member's push-pull entry values that do not change with incarnation and state.</summary>
    public int FixedPushLength => _fixedPushLength ??=
        MsgPackWriter.RawSize(Addr.Length) + MsgPackWriter.RawSize(Meta.Length) + MsgPackWriter.StringSize(Name)
        + MsgPackWriter.UIntSize(Port) + MsgPackWriter.RawSize(Vsn.Length);

    private int? _fixedPushLength;

    /// <summary>Highest memberlist protocol version the member speaks.</summary>
    public byte ProtocolMax => Vsn.Length > 1 ? Vsn[1] : (byte)1;

    public bool Matches(ReadOnlySpan<byte> addr, ushort port, ReadOnlySpan<byte> meta, ReadOnlySpan<byte> vsn) =>
        port == Port && addr.SequenceEqual(Addr) && meta.SequenceEqual(Meta) && vsn.SequenceEqual(Vsn);

    public static byte[] AddressBytes(IPEndPoint ep) =>
        ep.Address.IsIPv4MappedToIPv6 ? ep.Address.MapToIPv4().GetAddressBytes() : ep.Address.GetAddressBytes();
}
