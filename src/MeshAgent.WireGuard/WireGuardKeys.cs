using MeshAgent.Interop;

namespace MeshAgent.WireGuard;

/// <summary>
/// Key generation and derivation as wg(8) does it (genkey, genpsk, pubkey), through NSec
/// (X25519) and the .NET CSPRNG. Thread-safe. Generated private keys are never logged by this class.
/// </summary>
public static class WireGuardKeys
{
    /// <summary>A new private key: 32 random bytes, clamped for X25519 like <c>wg genkey</c>.</summary>
    public static WireGuardKey GeneratePrivateKey()
    {
        Span<byte> bytes = stackalloc byte[WireGuardKey.Length];
        SodiumCurve25519.RandomBytes(bytes);
        Clamp(bytes);
        var key = new WireGuardKey(bytes);
        bytes.Clear();
        return key;
    }

    /// <summary>A new preshared key: 32 random bytes, unclamped like <c>wg genpsk</c>.</summary>
    public static WireGuardKey GeneratePresharedKey()
    {
        Span<byte> bytes = stackalloc byte[WireGuardKey.Length];
        SodiumCurve25519.RandomBytes(bytes);
        var key = new WireGuardKey(bytes);
        bytes.Clear();
        return key;
    }

    /// <summary>The public key of <paramref name="privateKey"/>, like <c>wg pubkey</c> (which clamps first).</summary>
    public static WireGuardKey PublicKeyOf(WireGuardKey privateKey)
    {
        Span<byte> publicKey = stackalloc byte[WireGuardKey.Length];
        SodiumCurve25519.ScalarMultBase(privateKey.Bytes, publicKey);
        return new WireGuardKey(publicKey);
    }

    /// <summary>Clamps a Curve25519 scalar in place (RFC 7748 section 5): clear bits 0-2 and 255, set bit 254.</summary>
    internal static void Clamp(Span<byte> scalar)
    {
        scalar[0] &= 248;
        scalar[31] = (byte)((scalar[31] & 127) | 64);
    }
}
