namespace MeshAgent.Gossip.Wire;

/// <summary>
/// LZW as Go's <c>compress/lzw</c> writes it with <c>LSB</c> order and 8-bit literals, which is what
/// memberlist's compress message carries: codes start 9 bits wide and grow to 12; 256 is clear, 257 is
/// end of data; codes are packed least-significant bit first. Pure functions; thread-safe.
/// </summary>
public static class Lzw
{
    private const int LiteralWidth = 8;
    private const int ClearCode = 1 << LiteralWidth;
    private const int EofCode = ClearCode + 1;
    private const int MaxWidth = 12;
    private const int MaxCode = (1 << MaxWidth) - 1;

    /// <summary>Compresses <paramref name="input"/>; output starts with a clear code and ends with the EOF code.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var output = new List<byte>(input.Length / 2 + 8);
        uint bits = 0;
        int nBits = 0;
        int width = LiteralWidth + 1;
        int hi = EofCode;
        int overflow = 1 << width;
        var table = new Dictionary<int, int>();

        void Emit(int code)
        {
            bits |= (uint)code << nBits;
            nBits += width;
            while (nBits >= 8)
            {
                output.Add((byte)bits);
                bits >>= 8;
                nBits -= 8;
            }
        }

        // Returns false when the table was full and has been reset.
        bool IncrementHi()
        {
            hi++;
            if (hi == overflow)
            {
                width++;
                overflow <<= 1;
            }
            if (hi == MaxCode)
            {
                Emit(ClearCode);
                width = LiteralWidth + 1;
                hi = EofCode;
                overflow = ClearCode << 1;
                table.Clear();
                return false;
            }
            return true;
        }

        Emit(ClearCode);
        if (input.IsEmpty)
        {
            Emit(EofCode);
        }
        else
        {
            int code = input[0];
            for (int i = 1; i < input.Length; i++)
            {
                int literal = input[i];
                int key = code << 8 | literal;
                if (table.TryGetValue(key, out int next))
                {
                    code = next;
                    continue;
                }
                Emit(code);
                code = literal;
                if (IncrementHi())
                {
                    table[key] = hi;
                }
            }
            Emit(code);
            IncrementHi();
            Emit(EofCode);
        }
        if (nBits > 0) output.Add((byte)bits);
        return [.. output];
    }

    /// <summary>
    /// Decompresses a stream produced by <see cref="Compress"/> or Go's writer. Throws
    /// <see cref="GossipDecodeException"/> on an invalid code, a missing EOF code, or output larger than
    /// <paramref name="maxOutputBytes"/> (the bound keeps a hostile packet from expanding without limit).
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int maxOutputBytes)
    {
        var output = new List<byte>(Math.Min(maxOutputBytes, input.Length * 3 + 16));
        var prefix = new ushort[1 << MaxWidth];
        var suffix = new byte[1 << MaxWidth];
        var stack = new byte[1 << MaxWidth];
        int width = LiteralWidth + 1;
        int hi = EofCode;
        int overflow = 1 << width;
        int last = -1;
        uint bits = 0;
        int nBits = 0;
        int pos = 0;
        while (true)
        {
            while (nBits < width)
            {
                if (pos >= input.Length) throw new GossipDecodeException("LZW data ended before the end-of-data code.");
                bits |= (uint)input[pos++] << nBits;
                nBits += 8;
            }
            int code = (int)(bits & ((1u << width) - 1));
            bits >>= width;
            nBits -= width;

            if (code == ClearCode)
            {
                width = LiteralWidth + 1;
                hi = EofCode;
                overflow = 1 << width;
                last = -1;
                continue;
            }
            if (code == EofCode) return [.. output];
            if (code > hi || (code == hi && last < 0)) throw new GossipDecodeException($"Invalid LZW code {code}.");

            int top = stack.Length;
            int c = code;
            if (code == hi)
            {
                // The one code not yet in the table: last expansion followed by its own first byte.
                int head = last;
                while (head >= ClearCode) head = prefix[head];
                stack[--top] = (byte)head;
                c = last;
            }
            while (c >= ClearCode)
            {
                stack[--top] = suffix[c];
                c = prefix[c];
            }
            stack[--top] = (byte)c;
            if (output.Count + (stack.Length - top) > maxOutputBytes)
            {
                throw new GossipDecodeException($"LZW output exceeds the limit of {maxOutputBytes} bytes.");
            }
            for (int i = top; i < stack.Length; i++) output.Add(stack[i]);
            if (last >= 0)
            {
                suffix[hi] = (byte)c;
                prefix[hi] = (ushort)last;
            }
            last = code;
            hi++;
            if (hi >= overflow)
            {
                if (width == MaxWidth)
                {
                    last = -1;
                    hi--;
                }
                else
                {
                    width++;
                    overflow = 1 << width;
                }
            }
        }
    }
}
