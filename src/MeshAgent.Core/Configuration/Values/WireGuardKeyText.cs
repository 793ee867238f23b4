namespace MeshAgent.Core.Configuration.Values;

/// <summary>Checks the base64 text of a 32-byte key (WireGuard X25519, authority Ed25519) as wg(8) prints it.</summary>
internal static class WireGuardKeyText
{
    /// <summary>32 bytes in base64 are 44 characters ending in one '='.</summary>
    public const int TextLength = 44;

    /// <summary>Null when <paramref name="text"/> is base64 of exactly 32 bytes, else why not (never echoes the text: it may be a private key).</summary>
    public static string? Check(string text)
    {
        Span<byte> buffer = stackalloc byte[34];
        if (text.Length != TextLength || !Convert.TryFromBase64String(text, buffer, out var written) || written != 32)
        {
            return $"is not a key: expected {TextLength} characters of base64 encoding 32 bytes (as 'wg pubkey' prints)";
        }

        return null;
    }
}
