namespace MeshAgent.Interop;

/// <summary>
/// X25519 and random bytes from the system libsodium (libsodium23). Thread-safe; the library is
/// initialised once on first use.
/// </summary>
public static class SodiumCurve25519
{
    /// <summary>Length of X25519 scalars and points in bytes.</summary>
    public const int KeyLength = 32;

    private static readonly Lazy<bool> Initialized = new(InitializeLibrary, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Writes the public key of <paramref name="privateKey"/> (clamped inside, as wg(8) does) to
    /// <paramref name="publicKey"/>. Both spans are exactly 32 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">libsodium failed.</exception>
    public static unsafe void ScalarMultBase(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != KeyLength || publicKey.Length != KeyLength)
        {
            throw new ArgumentException($"X25519 keys are {KeyLength} bytes.");
        }

        EnsureInitialized();
        fixed (byte* n = privateKey)
        fixed (byte* q = publicKey)
        {
            if (Interop.Sodium.CryptoScalarmultCurve25519Base(q, n) != 0)
            {
                throw new InvalidOperationException("crypto_scalarmult_curve25519_base failed.");
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> with bytes from the operating system's CSPRNG.</summary>
    public static unsafe void RandomBytes(Span<byte> buffer)
    {
        EnsureInitialized();
        fixed (byte* p = buffer)
        {
            Interop.Sodium.RandombytesBuf(p, (nuint)buffer.Length);
        }
    }

    internal static void EnsureInitialized()
    {
        if (!Initialized.Value)
        {
            throw new InvalidOperationException("sodium_init failed.");
        }
    }

    // sodium_init returns 0 the first time, 1 when another caller already initialised it.
    private static bool InitializeLibrary() => Interop.Sodium.SodiumInit() >= 0;
}
