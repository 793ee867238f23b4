using MeshAgent.Gossip.Codec;

namespace MeshAgent.Gossip.Wire;

/// <summary>
/// Node metadata in Serf's tag encoding (serf.go encodeTags/decodeTags): byte 0xFF followed by a MessagePack
/// map of string to string. Metadata without the magic byte is a bare "role" (Serf protocol &lt; 3).
/// memberlist limits metadata to <see cref="MaxMetaBytes"/>. Thread-safe.
/// </summary>
public static class SerfTags
{
    /// <summary>memberlist's MetaMaxSize: larger metadata is refused.</summary>
    public const int MaxMetaBytes = 512;

    private const byte MagicByte = 0xff;

    /// <summary>Encodes tags (keys sorted, so the bytes are stable); throws when the result exceeds 512 bytes.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var w = new MsgPackWriter(64);
        w.WriteByte(MagicByte);
        w.WriteMapHeader(tags.Count);
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            w.WriteString(key);
            w.WriteString(value);
        }
        if (w.Length > MaxMetaBytes) throw new ArgumentException($"Encoded tags take {w.Length} bytes; the limit is {MaxMetaBytes}.", nameof(tags));
        return w.ToArray();
    }

    /// <summary>Decodes metadata into tags; throws <see cref="GossipDecodeException"/> when malformed.</summary>
    public static Dictionary<string, string> Decode(ReadOnlySpan<byte> meta)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.IsEmpty) return tags;
        if (meta[0] != MagicByte)
        {
            tags["role"] = System.Text.Encoding.UTF8.GetString(meta);
            return tags;
        }
        var r = new MsgPackReader(meta[1..]);
        for (int n = r.ReadMapHeader(); n > 0; n--)
        {
            string key = r.ReadString();
            tags[key] = r.ReadString();
        }
        return tags;
    }
}
