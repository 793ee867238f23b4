using System.Buffers.Binary;
using System.Security.Cryptography;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Authority;

/// <summary>
/// A pre-issued permission to join, signed by the authority: token id, expiry, and optionally the role
/// the joining node gets. Self-contained, so any hub can check it before relaying the request; the
/// authority alone remembers which ids were used (single use).
/// Text form: "mtk1." followed by base64url of the signed envelope.
/// </summary>
/// <param name="Id">16 random bytes, hex.</param>
/// <param name="ExpiresAt">After this the token is refused.</param>
/// <param name="Role">Role granted to the joining node.</param>
public sealed record JoinToken(string Id, DateTimeOffset ExpiresAt, NodeRole Role)
{
    private const string TextPrefix = "mtk1.";
    private const byte Version = 1;

    /// <summary>A new token with a random id.</summary>
    public static JoinToken Create(DateTimeOffset expiresAt, NodeRole role = NodeRole.Spoke) =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), expiresAt, role);

    /// <summary>Signs the token with the authority's key and renders its text form.</summary>
    public string Seal(MeshAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return TextPrefix + Base64Url(authority.SignPayload(EnvelopeKind.JoinToken, Encode()));
    }

    /// <summary>Parses and verifies a token's text form against the authority's public key and the clock.</summary>
    /// <returns>The token, or null with <paramref name="error"/> saying why not (never the token text).</returns>
    public static JoinToken? Verify(string text, ReadOnlySpan<byte> authorityPublicKey, DateTimeOffset now, out string? error)
    {
        error = null;
        if (text is null || !text.StartsWith(TextPrefix, StringComparison.Ordinal))
        {
            error = "not a meshagent join token";
            return null;
        }

        try
        {
            var envelope = FromBase64Url(text[TextPrefix.Length..]);
            var (payload, signature) = SignedEnvelope.Open(envelope, EnvelopeKind.JoinToken);
            if (!SignedEnvelope.Verify(EnvelopeKind.JoinToken, payload, signature, authorityPublicKey))
            {
                error = "the token is not signed by this mesh's authority";
                return null;
            }

            var token = Decode(payload);
            if (now >= token.ExpiresAt)
            {
                error = $"the token expired at {token.ExpiresAt:u}";
                return null;
            }

            return token;
        }
        catch (FormatException)
        {
            error = "the token is not valid base64url";
        }
        catch (RecordFormatException e)
        {
            error = $"the token is malformed: {e.Message}";
        }

        return null;
    }

    private byte[] Encode()
    {
        var bytes = new byte[1 + 16 + 8 + 1];
        bytes[0] = Version;
        Convert.FromHexString(Id).CopyTo(bytes, 1);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(17), ExpiresAt.ToUnixTimeSeconds());
        bytes[25] = (byte)Role;
        return bytes;
    }

    private static JoinToken Decode(byte[] payload)
    {
        if (payload.Length != 26 || payload[0] != Version || payload[25] > (byte)NodeRole.Hub)
        {
            throw new RecordFormatException("Unsupported join token layout.");
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17));
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new RecordFormatException("Join token expiry is out of range.");
        }

        return new JoinToken(Convert.ToHexStringLower(payload.AsSpan(1, 16)), DateTimeOffset.FromUnixTimeSeconds(seconds), (NodeRole)payload[25]);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }
}
