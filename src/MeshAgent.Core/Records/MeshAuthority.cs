using MeshAgent.Interop;

namespace MeshAgent.Core.Records;

/// <summary>
/// The mesh authority: an Ed25519 key held on the admin node that signs node records and revocation
/// lists. The seed never leaves this object except to its 0600 key file.
/// </summary>
public sealed class MeshAuthority
{
    private readonly byte[] _seed;

    private MeshAuthority(byte[] seed)
    {
        _seed = seed;
        PublicKey = Ed25519.PublicKey(seed);
    }

    /// <summary>The authority's public key (32 bytes), which every node is configured with.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key in base64, as configs carry it (authority.public_key).</summary>
    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey);

    /// <summary>A new authority with a fresh random key.</summary>
    public static MeshAuthority Create() => new(Ed25519.GenerateSeed());

    /// <summary>Loads the authority from its key file (base64 seed; must be mode 0600 or stricter).</summary>
    /// <exception cref="SecretFileException">Missing, too open, or malformed.</exception>
    public static MeshAuthority Load(string keyFile) => new(SecretFile.ReadKey(keyFile, Ed25519.SeedLength));

    /// <summary>Writes the seed to <paramref name="keyFile"/> with mode 0600; refuses to overwrite.</summary>
    public void Save(string keyFile) => SecretFile.WriteKey(keyFile, _seed);

    /// <summary>Signs <paramref name="record"/>: the envelope gossip carries.</summary>
    public byte[] Sign(NodeRecord record) => SignedEnvelope.Seal(EnvelopeKind.NodeRecord, NodeRecordCodec.Encode(record), _seed);

    /// <summary>Signs a revocation list.</summary>
    public byte[] Sign(RevocationList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return SignedEnvelope.Seal(EnvelopeKind.RevocationList, list.Encode(), _seed);
    }

    /// <summary>Signs any payload of <paramref name="kind"/> (join tokens and future envelope kinds).</summary>
    public byte[] SignPayload(EnvelopeKind kind, ReadOnlySpan<byte> payload) => SignedEnvelope.Seal(kind, payload, _seed);

    /// <summary>The command MAC key shared with the node whose WireGuard public key is <paramref name="nodePublicKey"/>.</summary>
    /// <exception cref="ArgumentException">The node key is not 32 bytes.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The node key is a low-order point.</exception>
    public Commands.CommandMacKey CommandKeyFor(ReadOnlySpan<byte> nodePublicKey) => Commands.CommandKeys.ForNode(_seed, nodePublicKey);

    /// <summary>True when <paramref name="proof"/> proves that the holder of <paramref name="nodePublicKey"/> asked for <paramref name="newPublicKey"/>.</summary>
    public bool VerifiesRotation(ReadOnlySpan<byte> nodePublicKey, string name, ReadOnlySpan<byte> newPublicKey, long unixSeconds, ReadOnlySpan<byte> proof) =>
        Commands.KeyRotationProof.Verifies(_seed, nodePublicKey, name, newPublicKey, unixSeconds, proof);

    /// <summary>Never the key.</summary>
    public override string ToString() => $"mesh authority {PublicKeyBase64}";
}
