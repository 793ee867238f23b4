using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.Core.Records;

/// <summary>
/// Reads the big-endian, length-prefixed fields of our record encodings. Every read checks the
/// remaining length first, so truncated or hostile input ends in <see cref="RecordFormatException"/>
/// and never allocates more than the input's size.
/// </summary>
internal ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public RecordReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    public readonly int Remaining => _data.Length - _offset;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public string ReadString()
    {
        var length = ReadByte();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(length));
        }
        catch (DecoderFallbackException e)
        {
            throw new RecordFormatException("A string is not valid UTF-8.", e);
        }
    }

    public IPAddress ReadAddress()
    {
        var family = ReadByte();
        return family switch
        {
            4 => new IPAddress(Take(4)),
            6 => new IPAddress(Take(16)),
            _ => throw new RecordFormatException($"Unknown address family {family}."),
        };
    }

    public IPEndPoint ReadEndpoint()
    {
        var address = ReadAddress();
        return new IPEndPoint(address, ReadUInt16());
    }

    public IPNetwork ReadNetwork()
    {
        var address = ReadAddress();
        var prefix = ReadByte();
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > max)
        {
            throw new RecordFormatException($"Prefix length {prefix} is out of range for {address}.");
        }

        try
        {
            return new IPNetwork(address, prefix);
        }
        catch (ArgumentException e)
        {
            throw new RecordFormatException($"{address}/{prefix} has host bits set.", e);
        }
    }

    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new RecordFormatException($"{Remaining} bytes follow the end of the encoding.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new RecordFormatException($"Truncated: needed {count} bytes at offset {_offset}, {Remaining} left.");
        }

        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }
}
