using System.Buffers.Binary;

namespace MeshAgent.DBus.Tests.Fuzz;

/// <summary>Seeded mutations of valid messages: bit flips, byte sets, truncation, huge length words, insertions, deletions, splices, type-code swaps.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly uint[] HugeWords = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, (uint)DBusLimits.MaxArrayLength, (uint)DBusLimits.MaxArrayLength + 1,
        (uint)DBusLimits.MaxMessageLength, 0xFFFFFFF0, 0x00010000];

    private static readonly byte[] TypeCodes = "ybnqiuxtdhsogva(){}mr\0"u8.ToArray();

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] original)
    {
        var data = new List<byte>(original);
        var rounds = 1 + _random.Next(3);
        for (var r = 0; r < rounds && data.Count > 0; r++)
        {
            switch (_random.Next(8))
            {
                case 0:
                    for (var i = 1 + _random.Next(8); i > 0; i--)
                    {
                        var at = _random.Next(data.Count);
                        data[at] ^= (byte)(1 << _random.Next(8));
                    }

                    break;
                case 1:
                    data[_random.Next(data.Count)] = (byte)_random.Next(256);
                    break;
                case 2:
                {
                    var keep = _random.Next(data.Count);
                    data.RemoveRange(keep, data.Count - keep);
                    break;
                }
                case 3:
                {
                    var at = _random.Next(Math.Max(1, data.Count / 4)) * 4;
                    var word = _random.Next(4) == 0 ? (uint)_random.NextInt64(0, 1L << 32) : HugeWords[_random.Next(HugeWords.Length)];
                    for (var i = 0; i < 4 && at + i < data.Count; i++)
                    {
                        data[at + i] = (byte)(word >> (8 * i));
                    }

                    break;
                }

                case 4:
                    data.InsertRange(_random.Next(data.Count + 1), Enumerable.Range(0, 1 + _random.Next(8)).Select(_ => (byte)_random.Next(256)));
                    break;
                case 5:
                {
                    var at = _random.Next(data.Count);
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(8)));
                    break;
                }

                case 6:
                {
                    var from = _random.Next(data.Count);
                    var length = Math.Min(data.Count - from, 1 + _random.Next(32));
                    data.InsertRange(_random.Next(data.Count + 1), data.GetRange(from, length));
                    break;
                }

                default:
                {
                    // Swap a type code inside a signature for another (or an invalid one).
                    var candidates = Enumerable.Range(0, data.Count).Where(i => Array.IndexOf(TypeCodes, data[i]) >= 0).ToList();
                    if (candidates.Count > 0)
                    {
                        data[candidates[_random.Next(candidates.Count)]] = TypeCodes[_random.Next(TypeCodes.Length)];
                    }

                    break;
                }
            }
        }

        var bytes = data.ToArray();
        if (_random.Next(2) == 0)
        {
            RepairBodyLength(bytes);
        }

        return bytes;
    }

    // Half of the inputs get a consistent body length again, so they pass framing and reach the
    // header-field and body parsers instead of all dying on the length check.
    private static void RepairBodyLength(byte[] bytes)
    {
        if (bytes.Length < 16 || bytes[0] is not ((byte)'l' or (byte)'B'))
        {
            return;
        }

        var big = bytes[0] == (byte)'B';
        var fields = big ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(12)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var header = (16L + fields + 7) & ~7L;
        if (header > bytes.Length)
        {
            return;
        }

        var body = (uint)(bytes.Length - header);
        if (big)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), body);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), body);
        }
    }
}
