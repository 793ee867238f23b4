namespace MeshAgent.Core.Configuration;

/// <summary>How a new node asks to be admitted. The token is a secret: it is never printed.</summary>
public sealed record JoinConfig
{
    /// <summary>A pre-issued join token (from <c>meshctl token</c>). Secret.</summary>
    [ConfigKey("token")]
    public required string Token { get; init; }

    /// <summary>Never shows the token: "JoinConfig { Token = (redacted) }".</summary>
    public override string ToString() => "JoinConfig { Token = (redacted) }";
}
