using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.Core.Records;

/// <summary>Writes the fields <see cref="RecordReader"/> reads. Deterministic: same value, same bytes.</summary>
internal sealed class RecordWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteByte(byte value) => _buffer.Write([value]);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grab(2), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Grab(8), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Grab(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > byte.MaxValue)
        {
            throw new ArgumentException($"Strings in records are at most {byte.MaxValue} bytes.", nameof(value));
        }

        WriteByte((byte)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteAddress(IPAddress address)
    {
        WriteByte(address.AddressFamily == AddressFamily.InterNetwork ? (byte)4 : (byte)6);
        WriteBytes(address.GetAddressBytes());
    }

    public void WriteEndpoint(IPEndPoint endpoint)
    {
        WriteAddress(endpoint.Address);
        WriteUInt16((ushort)endpoint.Port);
    }

    public void WriteNetwork(IPNetwork network)
    {
        WriteAddress(network.BaseAddress);
        WriteByte((byte)network.PrefixLength);
    }

    public void WriteCount(int count, string what)
    {
        if (count > byte.MaxValue)
        {
            throw new ArgumentException($"At most {byte.MaxValue} {what} fit a record.", nameof(count));
        }

        WriteByte((byte)count);
    }

    private Span<byte> Grab(int count)
    {
        var span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }
}
