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
