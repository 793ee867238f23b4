namespace MeshAgent.Firewall.Firewalld;

/// <summary>firewalld answered a call with an error; <see cref="Code"/> is its code ("INVALID_ZONE").</summary>
public sealed class FirewalldCallException : FirewallException
{
    /// <summary>Creates the exception.</summary>
    public FirewalldCallException(string call, string code, string detail, Exception innerException)
        : base($"firewalld {call}: {detail}", innerException)
    {
        Code = code;
    }

    /// <summary>Creates the exception.</summary>
    public FirewalldCallException()
    {
        Code = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public FirewalldCallException(string message)
        : base(message)
    {
        Code = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public FirewalldCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = string.Empty;
    }

    /// <summary>firewalld's error code, or the D-Bus error name when the error is not firewalld's own.</summary>
    public string Code { get; }
}
