using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Genesis;

/// <summary>One hub a beacon names: what a new node needs to ask it for admission.</summary>
/// <param name="Name">The hub's node name (a DNS label).</param>
/// <param name="PublicKey">Its WireGuard public key (32 bytes).</param>
/// <param name="Endpoint">Its underlay endpoint (the admission listener is TCP on the same port).</param>
/// <param name="MeshIPv4">Its mesh address.</param>
public sealed record BeaconHub(string Name, byte[] PublicKey, IPEndPoint Endpoint, IPAddress MeshIPv4);

/// <summary>Why a datagram on the beacon port is not a usable beacon; counted by reason, never answered.</summary>
public enum BeaconRejection
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Not a signed envelope of kind beacon, or a payload that does not decode.</summary>
    Malformed,

    /// <summary>The signature does not verify against authority.public_key.</summary>
    BadSignature,

    /// <summary>Signed longer ago than the accepted age (a replayed beacon may name hubs that moved).</summary>
    Stale,

    /// <summary>Signed further in the future than the accepted skew.</summary>
    FromTheFuture,
}

/// <summary>
/// The admin node's Genesis beacon: a <see cref="SignedEnvelope"/> of kind <see cref="EnvelopeKind.GenesisBeacon"/>
/// whose payload is, big-endian: version 1 (u8), signing time in Unix milliseconds (i64), hub count (u8, 1-16), and
/// per hub: name length (u8, 1-63) and ASCII name, WireGuard public key (32), endpoint address family (4 or 16),
/// address (4 or 16), port (u16), mesh IPv4 (4). Verified before it is parsed, so only the authority's own bytes
/// ever reach the payload decoder; the decoder still checks every length.
/// </summary>
public sealed record GenesisBeacon(DateTimeOffset SignedAt, IReadOnlyList<BeaconHub> Hubs)
{
    /// <summary>Payload version this code reads and writes.</summary>
    public const byte Version = 1;

    /// <summary>Most hubs one beacon names (keeps the datagram well under 1,280 bytes).</summary>
    public const int MaxHubs = 16;

    /// <summary>Signs the beacon with the authority's seed.</summary>
    /// <exception cref="InvalidOperationException">No hub, too many, a bad name or key, or a non-IPv4 mesh address.</exception>
    public byte[] Seal(ReadOnlySpan<byte> authoritySeed) => SignedEnvelope.Seal(EnvelopeKind.GenesisBeacon, EncodePayload(), authoritySeed);

    /// <summary>The payload to sign (the admin node signs it with <see cref="MeshAuthority.SignPayload"/>).</summary>
    /// <exception cref="InvalidOperationException">No hub, too many, a bad name or key, or a non-IPv4 mesh address.</exception>
    public byte[] EncodePayload()
    {
        if (Hubs.Count is 0 or > MaxHubs)
        {
            throw new InvalidOperationException($"A beacon names 1 to {MaxHubs} hubs.");
        }

        using var payload = new MemoryStream();
        payload.WriteByte(Version);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, SignedAt.ToUnixTimeMilliseconds());
        payload.Write(number);
        payload.WriteByte((byte)Hubs.Count);
        foreach (var hub in Hubs)
        {
            var name = Encoding.ASCII.GetBytes(hub.Name);
            if (name.Length is 0 or > 63 || hub.PublicKey.Length != 32 || hub.MeshIPv4.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new InvalidOperationException($"Hub {hub.Name}: a 1-63 byte name, a 32-byte key and an IPv4 mesh address.");
            }

            payload.WriteByte((byte)name.Length);
            payload.Write(name);
            payload.Write(hub.PublicKey);
            var address = hub.Endpoint.Address.GetAddressBytes();
            payload.WriteByte((byte)address.Length);
            payload.Write(address);
            BinaryPrimitives.WriteUInt16BigEndian(number, (ushort)hub.Endpoint.Port);
            payload.Write(number[..2]);
            payload.Write(hub.MeshIPv4.GetAddressBytes());
        }

        return payload.ToArray();
    }

    /// <summary>
    /// Checks <paramref name="datagram"/>: an envelope of kind beacon, signed by <paramref name="authorityPublicKey"/>,
    /// a payload that decodes, signed at most <paramref name="maxAge"/> before <paramref name="now"/> and at most
    /// <paramref name="maxAge"/> after it. Never throws for any input.
    /// </summary>
    public static BeaconRejection TryOpen(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> authorityPublicKey, DateTimeOffset now, TimeSpan maxAge, out GenesisBeacon? beacon)
    {
        beacon = null;
        byte[] payload, signature;
        try
        {
            (payload, signature) = SignedEnvelope.Open(datagram, EnvelopeKind.GenesisBeacon);
        }
        catch (RecordFormatException)
        {
            return BeaconRejection.Malformed;
        }

        if (!SignedEnvelope.Verify(EnvelopeKind.GenesisBeacon, payload, signature, authorityPublicKey))
        {
            return BeaconRejection.BadSignature;
        }

        if (Decode(payload) is not { } decoded)
        {
            return BeaconRejection.Malformed;
        }

        var age = now - decoded.SignedAt;
        if (age > maxAge)
        {
            return BeaconRejection.Stale;
        }

        if (-age > maxAge)
        {
            return BeaconRejection.FromTheFuture;
        }

        beacon = decoded;
        return BeaconRejection.None;
    }

    /// <summary>
    /// The payload's beacon, or null when any field is out of range or the length is off. Public for fuzzing: the
    /// daemon reaches it only through <see cref="TryOpen"/>, after the signature verified.
    /// </summary>
    public static GenesisBeacon? Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new SpanReader(payload);
        if (!reader.Byte(out var version) || version != Version || !reader.Int64(out var millis) || !reader.Byte(out var count) || count is 0 or > MaxHubs
            || millis < -62135596800000 || millis > 253402300799999)
        {
            return null;
        }

        var hubs = new List<BeaconHub>(count);
        for (var i = 0; i < count; i++)
        {
            if (!reader.Byte(out var nameLength) || nameLength is 0 or > 63 || !reader.Bytes(nameLength, out var name)
                || !reader.Bytes(32, out var key) || !reader.Byte(out var family) || family is not (4 or 16)
                || !reader.Bytes(family, out var address) || !reader.UInt16(out var port) || port == 0 || !reader.Bytes(4, out var mesh))
            {
                return null;
            }

            if (!IsDnsLabel(name))
            {
                return null;
            }

            hubs.Add(new BeaconHub(Encoding.ASCII.GetString(name), key.ToArray(), new IPEndPoint(new IPAddress(address), port), new IPAddress(mesh)));
        }

        return reader.AtEnd ? new GenesisBeacon(DateTimeOffset.FromUnixTimeMilliseconds(millis), hubs) : null;
    }

    private static bool IsDnsLabel(ReadOnlySpan<byte> name)
    {
        foreach (var c in name)
        {
            if (!(c is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-'))
            {
                return false;
            }
        }

        return name[0] != '-' && name[^1] != '-';
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool Byte(out byte value)
        {
            value = 0;
            if (_rest.IsEmpty)
            {
                return false;
            }

            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool UInt16(out ushort value)
        {
            value = 0;
            if (!Bytes(2, out var bytes))
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt16BigEndian(bytes);
            return true;
        }

        public bool Int64(out long value)
        {
            value = 0;
            if (!Bytes(8, out var bytes))
            {
                return false;
            }

            value = BinaryPrimitives.ReadInt64BigEndian(bytes);
            return true;
        }

        public bool Bytes(int count, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (count > _rest.Length)
            {
                return false;
            }

            bytes = _rest[..count];
            _rest = _rest[count..];
            return true;
        }
    }
}
