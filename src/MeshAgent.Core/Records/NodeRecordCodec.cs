using System.Net.Sockets;

namespace MeshAgent.Core.Records;

/// <summary>
/// The canonical binary form of a <see cref="NodeRecord"/>: what the authority signs and what gossip
/// carries. Version 1, big-endian, every variable part length-prefixed; about 120 bytes for a typical
/// node, so a record fits a gossip user message with room to spare.
/// </summary>
public static class NodeRecordCodec
{
    /// <summary>Encoding version written first; readers reject others.</summary>
    public const byte Version = 1;

    private const byte FlagHasIPv6 = 1;

    // Set only when the record names hubs (clients), so records without them keep their exact earlier bytes.
    private const byte FlagHasViaHubs = 2;

    // Set only when some endpoint is not configured (mapped, observed), for the same reason.
    private const byte FlagHasEndpointKinds = 4;

    /// <summary>Encodes <paramref name="record"/>.</summary>
    /// <exception cref="ArgumentException">A field does not fit the encoding (name over 255 bytes, bad key).</exception>
    public static byte[] Encode(NodeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = DecodeKey(record.WireGuardPublicKey);
        if (record.MeshIPv4.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("MeshIPv4 must be an IPv4 address.", nameof(record));
        }

        var hasKinds = record.EndpointKinds.Any(k => k != EndpointKind.Configured);
        if (hasKinds && record.EndpointKinds.Count != record.Endpoints.Count)
        {
            throw new ArgumentException("EndpointKinds must have one entry per endpoint.", nameof(record));
        }

        var writer = new RecordWriter();
        writer.WriteByte(Version);
        writer.WriteString(record.Name);
        writer.WriteBytes(key);
        writer.WriteAddress(record.MeshIPv4);
        writer.WriteByte((byte)((record.MeshIPv6 is null ? 0 : FlagHasIPv6) | (record.ViaHubs.Count == 0 ? 0 : FlagHasViaHubs) | (hasKinds ? FlagHasEndpointKinds : 0)));
        if (record.MeshIPv6 is not null)
        {
            writer.WriteAddress(record.MeshIPv6);
        }

        writer.WriteByte((byte)record.Role);
        writer.WriteCount(record.Endpoints.Count, "endpoints");
        foreach (var endpoint in record.Endpoints)
        {
            writer.WriteEndpoint(endpoint);
        }

        writer.WriteCount(record.Subnets.Count, "subnets");
        foreach (var subnet in record.Subnets)
        {
            writer.WriteNetwork(subnet);
        }

        if (record.ViaHubs.Count > 0)
        {
            writer.WriteCount(record.ViaHubs.Count, "hubs");
            foreach (var hub in record.ViaHubs)
            {
                writer.WriteString(hub);
            }
        }

        if (hasKinds)
        {
            writer.WriteCount(record.EndpointKinds.Count, "endpoint kinds");
            foreach (var kind in record.EndpointKinds)
            {
                writer.WriteByte((byte)kind);
            }
        }

        writer.WriteUInt64(record.Serial);
        writer.WriteInt64(record.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt64(record.ExpiresAt.ToUnixTimeSeconds());
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    /// <exception cref="RecordFormatException">The bytes are not a version-1 record.</exception>
    public static NodeRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new RecordReader(bytes);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new RecordFormatException($"Unsupported node record version {version}.");
        }

        var name = reader.ReadString();
        var key = Convert.ToBase64String(reader.ReadBytes(32));
        var ipv4 = reader.ReadAddress();
        var flags = reader.ReadByte();
        if ((flags & ~(FlagHasIPv6 | FlagHasViaHubs | FlagHasEndpointKinds)) != 0)
        {
            throw new RecordFormatException($"Unknown record flags 0x{flags:x2}.");
        }

        var ipv6 = (flags & FlagHasIPv6) != 0 ? reader.ReadAddress() : null;
        var role = reader.ReadByte() switch
        {
            0 => NodeRole.Spoke,
            1 => NodeRole.Hub,
            2 => NodeRole.Client,
            var other => throw new RecordFormatException($"Unknown role {other}."),
        };
        var endpoints = new List<System.Net.IPEndPoint>();
        for (int i = 0, count = reader.ReadByte(); i < count; i++)
        {
            endpoints.Add(reader.ReadEndpoint());
        }

        var subnets = new List<System.Net.IPNetwork>();
        for (int i = 0, count = reader.ReadByte(); i < count; i++)
        {
            subnets.Add(reader.ReadNetwork());
        }

        var viaHubs = new List<string>();
        if ((flags & FlagHasViaHubs) != 0)
        {
            for (int i = 0, count = reader.ReadByte(); i < count; i++)
            {
                viaHubs.Add(reader.ReadString());
            }
        }

        var kinds = new List<EndpointKind>();
        if ((flags & FlagHasEndpointKinds) != 0)
        {
            var count = reader.ReadByte();
            if (count != endpoints.Count)
            {
                throw new RecordFormatException($"{count} endpoint kinds for {endpoints.Count} endpoints.");
            }

            for (var i = 0; i < count; i++)
            {
                kinds.Add(reader.ReadByte() switch
                {
                    0 => EndpointKind.Configured,
                    1 => EndpointKind.Mapped,
                    2 => EndpointKind.Observed,
                    var other => throw new RecordFormatException($"Unknown endpoint kind {other}."),
                });
            }
        }

        var serial = reader.ReadUInt64();
        var issued = ReadTime(ref reader);
        var expires = ReadTime(ref reader);
        reader.EnsureEnd();
        if (ipv4.AddressFamily != AddressFamily.InterNetwork || (ipv6 is not null && ipv6.AddressFamily != AddressFamily.InterNetworkV6))
        {
            throw new RecordFormatException("Mesh addresses have the wrong family.");
        }

        return new NodeRecord
        {
            Name = name,
            WireGuardPublicKey = key,
            MeshIPv4 = ipv4,
            MeshIPv6 = ipv6,
            Role = role,
            Endpoints = endpoints,
            EndpointKinds = kinds,
            Subnets = subnets,
            ViaHubs = viaHubs,
            Serial = serial,
            IssuedAt = issued,
            ExpiresAt = expires,
        };
    }

    /// <summary>Decodes a base64 WireGuard key into its 32 bytes.</summary>
    /// <exception cref="ArgumentException">Not base64 of 32 bytes.</exception>
    internal static byte[] DecodeKey(string base64)
    {
        Span<byte> buffer = stackalloc byte[34];
        if (base64 is null || base64.Length != 44 || !Convert.TryFromBase64String(base64, buffer, out var written) || written != 32)
        {
            throw new ArgumentException("A WireGuard public key is 32 bytes in base64 (44 characters).", nameof(base64));
        }

        return buffer[..32].ToArray();
    }

    private static DateTimeOffset ReadTime(ref RecordReader reader)
    {
        var seconds = reader.ReadInt64();
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new RecordFormatException($"Time {seconds} is out of range.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
