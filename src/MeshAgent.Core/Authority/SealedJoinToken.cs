using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Core.Authority;

/// <summary>
/// A join token on its way to a hub: sealed (libsodium sealed box) to the hub's WireGuard public key, which the
/// joining node knows from mesh.hubs. The request crosses the underlay before any tunnel exists; sealed, a
/// token seen on the wire cannot be used by anyone else. Text form: "sealed1." + base64.
/// </summary>
public static class SealedJoinToken
{
    private const string Prefix = "sealed1.";

    /// <summary>Seals <paramref name="token"/> for the hub whose WireGuard public key is <paramref name="hubPublicKey"/> (base64).</summary>
    public static string Seal(string token, string hubPublicKey)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Prefix + Convert.ToBase64String(SealedBox.Seal(Encoding.UTF8.GetBytes(token), Convert.FromBase64String(hubPublicKey)));
    }

    /// <summary>Opens a sealed token with the hub's key pair; null when it is not sealed for this hub or not sealed at all.</summary>
    public static string? Open(string text, ReadOnlySpan<byte> hubPublicKey, ReadOnlySpan<byte> hubPrivateKey)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text[Prefix.Length..], bytes, out var written))
        {
            return null;
        }

        var opened = SealedBox.Open(bytes.AsSpan(0, written), hubPublicKey, hubPrivateKey);
        return opened is null ? null : Encoding.UTF8.GetString(opened);
    }
}
