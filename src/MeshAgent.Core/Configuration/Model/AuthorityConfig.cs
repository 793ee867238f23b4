namespace MeshAgent.Core.Configuration;

/// <summary>The mesh authority that signs node records.</summary>
public sealed record AuthorityConfig
{
    /// <summary>The authority's Ed25519 public key, base64 of 32 bytes.</summary>
    [ConfigKey("public_key")]
    public required string PublicKey { get; init; }

    /// <summary>The authority's private key file, only on the admin node; must not be readable by group or other.</summary>
    [ConfigKey("key_file")]
    public string? KeyFile { get; init; }
}
