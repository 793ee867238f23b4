namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads and validates the "http" section.</summary>
internal static class HttpSectionReader
{
    /// <summary>Reads <paramref name="reader"/> (null when the section is absent: all defaults).</summary>
    public static HttpConfig Read(MappingReader? reader)
    {
        var defaults = new HttpConfig();
        if (reader is null)
        {
            return defaults;
        }

        var listen = reader.Value("listen", ValueParsers.ListenEndpoint, defaults.ListenEndPoint);
        return new HttpConfig
        {
            Listen = listen.ToString(),
            ApiSocket = reader.Value("api_socket", ValueParsers.AbsolutePath, defaults.ApiSocket),
        };
    }
}
