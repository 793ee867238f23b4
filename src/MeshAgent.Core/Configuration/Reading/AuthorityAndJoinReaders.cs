namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "authority" section.</summary>
internal static class AuthoritySectionReader
{
    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static AuthorityConfig Read(MappingReader reader) => new()
    {
        PublicKey = reader.Required("public_key", ValueParsers.Key, string.Empty),
        KeyFile = reader.Optional("key_file", ValueParsers.AbsolutePath),
    };
}

/// <summary>Reads the "join" section. Messages never echo the token.</summary>
internal static class JoinSectionReader
{
    private static readonly ValueParser<string> Token = new("a join token", (Yaml.ConfigScalar s, out string v) =>
    {
        v = s.Value;
        if (v.Length == 0)
        {
            return "cannot be empty";
        }

        return v.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "contains white space or control characters" : null;
    });

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static JoinConfig Read(MappingReader reader) => new()
    {
        Token = reader.Required("token", Token, string.Empty),
    };
}
