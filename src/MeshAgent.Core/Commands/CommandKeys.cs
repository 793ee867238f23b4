using System.Text;
using MeshAgent.Interop;

namespace MeshAgent.Core.Commands;

/// <summary>
/// Derives the per-node command MAC key. The authority's command key is its Ed25519 key mapped to X25519
/// (libsodium's crypto_sign_ed25519_*_to_curve25519): every node already holds the authority's public key in
/// its config, the root it verifies records against, so nothing new has to be published or trusted, and the
/// key changes with the authority. The node's side is its WireGuard X25519 key, which its signed record binds
/// to its name. Both ends compute
/// <code>
/// shared = X25519(authority_x25519, node_wireguard)
/// key    = HKDF-SHA256(ikm = shared, salt = "meshagent authority command v1",
///                      info = authority Ed25519 public key ‖ node WireGuard public key, 32 bytes)
/// </code>
/// so only the authority and that node know it. The salt separates this use of the two keys from every other
/// (WireGuard's own handshake uses the node key; the authority key also signs, which stays sound for X25519
/// agreement of the mapped key with distinct domains: Thormarker, "On using the same key pair for Ed25519 and
/// an X25519 based KEM", 2021).
/// </summary>
public static class CommandKeys
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("meshagent authority command v1");

    /// <summary>The authority's side: the key for the node with WireGuard public key <paramref name="nodePublicKey"/>.</summary>
    /// <exception cref="ArgumentException">A key has the wrong length or is not a valid point.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The node key is a low-order point.</exception>
    public static CommandMacKey ForNode(ReadOnlySpan<byte> authoritySeed, ReadOnlySpan<byte> nodePublicKey)
    {
        var authorityPublic = Ed25519.PublicKey(authoritySeed);
        var authorityX25519 = Ed25519ToX25519.PrivateKey(authoritySeed);
        try
        {
            return Derive(authorityX25519, nodePublicKey, authorityPublic, nodePublicKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(authorityX25519);
        }
    }

    /// <summary>The node's side: its own key, from its WireGuard key pair and the authority's Ed25519 public key.</summary>
    /// <exception cref="ArgumentException">A key has the wrong length or the authority key is not a valid point.</exception>
    public static CommandMacKey ForSelf(ReadOnlySpan<byte> nodePrivateKey, ReadOnlySpan<byte> nodePublicKey, ReadOnlySpan<byte> authorityPublicKey) =>
        Derive(nodePrivateKey, Ed25519ToX25519.PublicKey(authorityPublicKey), authorityPublicKey, nodePublicKey);

    private static CommandMacKey Derive(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, ReadOnlySpan<byte> authorityPublic, ReadOnlySpan<byte> nodePublic)
    {
        Span<byte> info = stackalloc byte[authorityPublic.Length + nodePublic.Length];
        authorityPublic.CopyTo(info);
        nodePublic.CopyTo(info[authorityPublic.Length..]);
        var key = X25519Hkdf.Derive(privateKey, peerPublicKey, Salt, info, CommandMacKey.KeyLength);
        try
        {
            return new CommandMacKey(key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }
}
