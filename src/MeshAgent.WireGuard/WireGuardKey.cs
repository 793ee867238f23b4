using System.Runtime.InteropServices;

namespace MeshAgent.WireGuard;

/// <summary>
/// A 32-byte WireGuard key (private, public or preshared). Immutable value type; equality is by
/// content in constant time. <see cref="ToString"/> never prints key material, so a key that ends up
/// in a log line or exception message leaks nothing; use <see cref="ToBase64"/> deliberately.
/// </summary>
public readonly struct WireGuardKey : IEquatable<WireGuardKey>
{
    /// <summary>Length of every WireGuard key in bytes.</summary>
    public const int Length = 32;

    // What default(WireGuardKey) reads as; shared so that comparing against "no key" allocates nothing.
    private static readonly byte[] Zero = new byte[Length];

    private readonly byte[]? _bytes;

    /// <summary>Wraps a copy of exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException">The span is not 32 bytes long.</exception>
    public WireGuardKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A WireGuard key is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The key bytes; all zero for <c>default</c>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? Zero;

    /// <summary>True when every byte is zero (WireGuard's "no key").</summary>
    public bool IsZero => _bytes is null || !_bytes.AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>Parses the base64 form that wg(8) prints (44 characters, one '=' of padding).</summary>
    /// <exception cref="FormatException">Not 32 bytes of base64.</exception>
    public static WireGuardKey FromBase64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> buffer = stackalloc byte[Length + 2];
        if (text.Length != 44 || !Convert.TryFromBase64String(text, buffer, out var written) || written != Length)
        {
            throw new FormatException("Key is not the correct length or format");
        }

        return new WireGuardKey(buffer[..Length]);
    }

    /// <summary>Tries <see cref="FromBase64"/> without throwing.</summary>
    public static bool TryFromBase64(string? text, out WireGuardKey key)
    {
        key = default;
        if (text is null || text.Length != 44)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Length + 2];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != Length)
        {
            return false;
        }

        key = new WireGuardKey(buffer[..Length]);
        return true;
    }

    /// <summary>Parses the lowercase hex form the UAPI protocol uses (64 characters).</summary>
    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    public static WireGuardKey FromHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != Length * 2)
        {
            throw new FormatException("Key is not 64 hex digits");
        }

        return new WireGuardKey(Convert.FromHexString(text));
    }

    /// <summary>The base64 form wg(8) prints and accepts.</summary>
    public string ToBase64() => Convert.ToBase64String(Bytes);

    /// <summary>The lowercase hex form of the UAPI protocol.</summary>
    public string ToHex() => Convert.ToHexStringLower(Bytes);

    /// <inheritdoc />
    public bool Equals(WireGuardKey other)
    {
        // Constant time without CryptographicOperations.FixedTimeEquals, which is compiled unoptimised on
        // purpose and made a diff over 10,000 peers spend most of its time here: four XORs, no early exit.
        var a = MemoryMarshal.Cast<byte, ulong>(Bytes);
        var b = MemoryMarshal.Cast<byte, ulong>(other.Bytes);
        return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WireGuardKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // HashCode is seeded per process, so peers cannot pick keys that collide on purpose.
        var words = MemoryMarshal.Cast<byte, ulong>(Bytes);
        return HashCode.Combine(words[0], words[1], words[2], words[3]);
    }

    /// <summary>Never the key material: "(key)" or "(none)".</summary>
    public override string ToString() => IsZero ? "(none)" : "(key)";

    /// <summary>Equality by content.</summary>
    public static bool operator ==(WireGuardKey left, WireGuardKey right) => left.Equals(right);

    /// <summary>Inequality by content.</summary>
    public static bool operator !=(WireGuardKey left, WireGuardKey right) => !left.Equals(right);
}
