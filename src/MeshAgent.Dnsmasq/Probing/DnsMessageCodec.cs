using System.Buffers.Binary;
using System.Net;
using System.Text;
using MeshAgent.Dnsmasq.Configuration;

namespace MeshAgent.Dnsmasq.Probing;

/// <summary>
/// The little of RFC 1035 a health probe needs: encode a one-question query, decode a response's header,
/// question and answers (with name compression). Pure and thread-safe; never reads past the buffer.
/// </summary>
public static class DnsMessageCodec
{
    /// <summary>RR type A.</summary>
    public const ushort TypeA = 1;

    /// <summary>RR type AAAA.</summary>
    public const ushort TypeAaaa = 28;

    private const int HeaderLength = 12;
    private const ushort ClassInternet = 1;

    // A compression pointer chain longer than this is a loop (a name has at most 127 labels).
    private const int MaxPointerJumps = 128;

    /// <summary>Encodes a standard query with recursion desired for <paramref name="name"/>.</summary>
    /// <param name="id">Transaction id.</param>
    /// <param name="name">A domain name without trailing dot, e.g. "meshagent-probe.mesh".</param>
    /// <param name="type">Query type, e.g. <see cref="TypeA"/>.</param>
    /// <exception cref="ArgumentException">The name is not a valid domain name.</exception>
    public static byte[] EncodeQuery(ushort id, string name, ushort type = TypeA)
    {
        if (!DnsmasqOptionsValidator.IsDomainName(name))
        {
            throw new ArgumentException($"'{name}' is not a domain name", nameof(name));
        }

        var labels = name.Split('.');
        var message = new byte[HeaderLength + labels.Sum(l => l.Length + 1) + 1 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(message, id);
        message[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1); // QDCOUNT
        var offset = HeaderLength;
        foreach (var label in labels)
        {
            message[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, message.AsSpan(offset));
        }

        message[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(offset), type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(offset + 2), ClassInternet);
        return message;
    }

    /// <summary>Decodes a response.</summary>
    /// <exception cref="DnsFormatException">The message is truncated, not a response, or badly compressed.</exception>
    public static DnsResponse DecodeResponse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
        {
            throw new DnsFormatException($"message of {message.Length} bytes is shorter than a DNS header");
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((flags & 0x8000) == 0)
        {
            throw new DnsFormatException("message is a query, not a response");
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderLength;
        var questionName = string.Empty;
        ushort questionType = 0;
        for (var i = 0; i < questions; i++)
        {
            var name = ReadName(message, ref offset);
            Need(message, offset, 4);
            if (i == 0)
            {
                questionName = name;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            }

            offset += 4;
        }

        var records = new List<DnsAnswer>(answers);
        for (var i = 0; i < answers; i++)
        {
            var name = ReadName(message, ref offset);
            Need(message, offset, 10);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            Need(message, offset, length);
            var data = message.Slice(offset, length);
            IPAddress? address = (type, length) switch
            {
                (TypeA, 4) or (TypeAaaa, 16) => new IPAddress(data),
                (TypeA, _) or (TypeAaaa, _) => throw new DnsFormatException($"address record of {length} bytes"),
                _ => null,
            };
            records.Add(new DnsAnswer(name, type, ttl, address));
            offset += length;
        }

        return new DnsResponse(
            id,
            (DnsResponseCode)(flags & 0x000F),
            (flags & 0x0400) != 0,
            (flags & 0x0200) != 0,
            questionName,
            questionType,
            records);
    }

    private static string ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var name = new StringBuilder();
        var position = offset;
        var jumps = 0;
        var endOfName = -1;
        while (true)
        {
            Need(message, position, 1);
            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                Need(message, position, 2);
                if (++jumps > MaxPointerJumps)
                {
                    throw new DnsFormatException("name compression loop");
                }

                if (endOfName < 0)
                {
                    endOfName = position + 2;
                }

                position = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                throw new DnsFormatException($"unsupported label type 0x{length:x2}");
            }

            position++;
            if (length == 0)
            {
                break;
            }

            Need(message, position, length);
            if (name.Length > 0)
            {
                name.Append('.');
            }

            name.Append(Encoding.ASCII.GetString(message.Slice(position, length)));
            if (name.Length > 255)
            {
                throw new DnsFormatException("name longer than 255 characters");
            }

            position += length;
        }

        offset = endOfName >= 0 ? endOfName : position;
        return name.ToString();
    }

    private static void Need(ReadOnlySpan<byte> message, int offset, int count)
    {
        if (offset + count > message.Length)
        {
            throw new DnsFormatException($"message ends at {message.Length} bytes, {offset + count} needed");
        }
    }
}
