namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "join" section. Messages never echo the token.</summary>
internal static class JoinSectionReader
{
    /// <summary>The text form of a join token starts with this (MeshAgent.Core.Authority.JoinToken).</summary>
    private const string TokenPrefix = "mtk1.";

    private static readonly ValueParser<string> Token = new("a join token", (Yaml.ConfigScalar s, out string v) =>
    {
        v = s.Value;
        if (v.Length == 0)
        {
            return "cannot be empty";
        }

        if (v.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "contains white space or control characters";
        }

        // Only the form is checked here; the signature and expiry are checked when the token is used.
        return v.StartsWith(TokenPrefix, StringComparison.Ordinal) && v.Length > TokenPrefix.Length
            ? null
            : $"is not a meshagent join token (those start with {TokenPrefix}, as meshctl token prints them)";
    });

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static JoinConfig Read(MappingReader reader) => new()
    {
        Token = reader.Required("token", Token, string.Empty),
    };
}
