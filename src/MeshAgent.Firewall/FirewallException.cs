namespace MeshAgent.Firewall;

/// <summary>A firewall backend could not read or apply the rules; the previous rules stay in force.</summary>
public class FirewallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirewallException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FirewallException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public FirewallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
