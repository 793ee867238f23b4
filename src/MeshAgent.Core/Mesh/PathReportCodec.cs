using System.Buffers.Binary;
using System.Text;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Mesh;

/// <summary>
/// The wire form of a <see cref="PathReport"/> in a gossip user message: magic "MAP1" (told apart from
/// record bundles, "MAB1", and from Serf's user events), report time as Unix seconds (int64), part index
/// and part count (one byte each), the node name, a 16-bit edge count, then per edge: peer name, kind
/// (one byte), via name (empty for none), handshake age in seconds (uint32, all ones for none), receive and
/// transmit bytes (uint64). Names are a length byte and UTF-8; integers are big-endian. About 30 bytes plus
/// the names per edge, so a spoke's report is one packet. Decoding checks every length before it reads.
/// </summary>
public static class PathReportCodec
{
    /// <summary>Longest node name accepted (bytes of UTF-8); record names are far shorter.</summary>
    public const int MaxNameBytes = 255;

    private const uint NoHandshake = uint.MaxValue;
    private static readonly byte[] Magic = "MAP1"u8.ToArray();
    // Append only: a kind's index is its wire value.
    private static readonly string[] Kinds = ["hub", "direct", "relayed", "punched", "client"];

    /// <summary>True when <paramref name="payload"/> starts like a path report (it may still be malformed).</summary>
    public static bool IsReport(ReadOnlySpan<byte> payload) => payload.StartsWith(Magic);

    /// <summary>
    /// Encodes <paramref name="node"/>'s <paramref name="edges"/> as of <paramref name="at"/> in as many parts
    /// as needed to keep each at most <paramref name="maxBytes"/> long (at least one part, even with no edges).
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty or too long, or a kind is unknown, or one edge alone exceeds the limit.</exception>
    public static List<byte[]> Encode(string node, DateTimeOffset at, IReadOnlyList<PathReportEdge> edges, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var header = HeaderBytes(node);
        var encodedEdges = edges.Select(EdgeBytes).ToList();
        var groups = new List<List<byte[]>> { new() };
        var size = header;
        foreach (var edge in encodedEdges)
        {
            if (header + edge.Length > maxBytes)
            {
                throw new ArgumentException($"One path of {node} takes {edge.Length} bytes, over the limit of {maxBytes}.", nameof(edges));
            }

            if (size + edge.Length > maxBytes)
            {
                groups.Add([]);
                size = header;
            }

            groups[^1].Add(edge);
            size += edge.Length;
        }

        if (groups.Count > byte.MaxValue)
        {
            throw new ArgumentException($"{edges.Count} paths need more than {byte.MaxValue} parts.", nameof(edges));
        }

        return [.. groups.Select((group, index) => Part(node, at, index, groups.Count, group))];
    }

    /// <summary>Decodes one part.</summary>
    /// <exception cref="RecordFormatException">Not a report, or a length, kind, count or name is wrong.</exception>
    public static PathReport Decode(ReadOnlySpan<byte> payload)
    {
        if (!IsReport(payload))
        {
            throw new RecordFormatException("Not a path report.");
        }

        var reader = new Reader(payload[Magic.Length..]);
        var at = reader.Int64();
        int part = reader.Byte();
        int parts = reader.Byte();
        if (parts == 0 || part >= parts)
        {
            throw new RecordFormatException($"Path report part {part} of {parts}.");
        }

        var node = reader.Name(allowEmpty: false);
        int count = reader.UInt16();
        var edges = new List<PathReportEdge>(Math.Min(count, 256));
        for (var i = 0; i < count; i++)
        {
            var peer = reader.Name(allowEmpty: false);
            int kind = reader.Byte();
            if (kind >= Kinds.Length)
            {
                throw new RecordFormatException($"Unknown path kind {kind}.");
            }

            var via = reader.Name(allowEmpty: true);
            var age = reader.UInt32();
            var receive = reader.UInt64();
            var transmit = reader.UInt64();
            if (receive > long.MaxValue || transmit > long.MaxValue)
            {
                throw new RecordFormatException("Byte counter out of range.");
            }

            edges.Add(new PathReportEdge(peer, Kinds[kind], via.Length == 0 ? null : via, age == NoHandshake ? null : age, (long)receive, (long)transmit));
        }

        if (!reader.AtEnd)
        {
            throw new RecordFormatException("Bytes after the last path.");
        }

        if (at is < 0 or > 253402300799)
        {
            throw new RecordFormatException("Report time out of range.");
        }

        return new PathReport(node, DateTimeOffset.FromUnixTimeSeconds(at), part, parts, edges);
    }

    private static int HeaderBytes(string node) => Magic.Length + 8 + 2 + 1 + NameBytes(node, allowEmpty: false).Length + 2;

    private static byte[] Part(string node, DateTimeOffset at, int index, int parts, List<byte[]> edges)
    {
        var name = NameBytes(node, allowEmpty: false);
        var bytes = new byte[HeaderBytes(node) + edges.Sum(e => e.Length)];
        Magic.CopyTo(bytes, 0);
        var offset = Magic.Length;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(offset), at.ToUnixTimeSeconds());
        offset += 8;
        bytes[offset++] = (byte)index;
        bytes[offset++] = (byte)parts;
        bytes[offset++] = (byte)name.Length;
        name.CopyTo(bytes, offset);
        offset += name.Length;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)edges.Count);
        offset += 2;
        foreach (var edge in edges)
        {
            edge.CopyTo(bytes, offset);
            offset += edge.Length;
        }

        return bytes;
    }

    private static byte[] EdgeBytes(PathReportEdge edge)
    {
        var peer = NameBytes(edge.Peer, allowEmpty: false);
        var via = NameBytes(edge.Via ?? string.Empty, allowEmpty: true);
        var kind = Array.IndexOf(Kinds, edge.Kind);
        if (kind < 0)
        {
            throw new ArgumentException($"Unknown path kind '{edge.Kind}'.", nameof(edge));
        }

        var bytes = new byte[1 + peer.Length + 1 + 1 + via.Length + 4 + 8 + 8];
        var offset = 0;
        bytes[offset++] = (byte)peer.Length;
        peer.CopyTo(bytes, offset);
        offset += peer.Length;
        bytes[offset++] = (byte)kind;
        bytes[offset++] = (byte)via.Length;
        via.CopyTo(bytes, offset);
        offset += via.Length;
        // Ages beyond uint32 (136 years) and negative ones (clock steps) are not worth a wider field.
        var age = edge.HandshakeAgeSeconds is { } seconds ? (uint)Math.Clamp(seconds, 0, uint.MaxValue - 1) : NoHandshake;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), age);
        offset += 4;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(offset), (ulong)Math.Max(0, edge.ReceiveBytes));
        offset += 8;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(offset), (ulong)Math.Max(0, edge.TransmitBytes));
        return bytes;
    }

    private static byte[] NameBytes(string name, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        if ((!allowEmpty && bytes.Length == 0) || bytes.Length > MaxNameBytes)
        {
            throw new ArgumentException($"Name '{name}' must be 1 to {MaxNameBytes} bytes of UTF-8.", nameof(name));
        }

        return bytes;
    }

    /// <summary>Reads big-endian fields, refusing to read past the end.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

        public string Name(bool allowEmpty)
        {
            int length = Byte();
            if (length == 0 && !allowEmpty)
            {
                throw new RecordFormatException("Empty name in a path report.");
            }

            try
            {
                return StrictUtf8.GetString(Take(length));
            }
            catch (DecoderFallbackException)
            {
                throw new RecordFormatException("A name in a path report is not UTF-8.");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_rest.Length < count)
            {
                throw new RecordFormatException("Path report ends early.");
            }

            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}
