namespace MeshAgent.Core.Configuration;

/// <summary>Derives the default node name from the host name.</summary>
internal static class HostNameDefault
{
    /// <summary>"Web-1.example.com" becomes "web-1"; the result may still be an invalid label, which validation reports.</summary>
    public static string NodeName(string hostName)
    {
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        var label = dot >= 0 ? hostName[..dot] : hostName;
#pragma warning disable CA1308 // DNS names are conventionally lowercase; this is not a security comparison.
        return label.ToLowerInvariant();
#pragma warning restore CA1308
    }
}
