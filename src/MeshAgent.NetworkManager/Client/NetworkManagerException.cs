namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// A NetworkManager call failed. <see cref="Operation"/> names the call ("Settings.AddConnection2"),
/// <see cref="ErrorName"/> is the D-Bus error name NM returned, when it returned one.
/// </summary>
public class NetworkManagerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetworkManagerException(string operation, string? errorName, string message, Exception? innerException = null)
        : base($"{operation}: {message}", innerException)
    {
        Operation = operation;
        ErrorName = errorName;
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The NM method or property, "NetworkManager.ActivateConnection".</summary>
    public string Operation { get; } = "";

    /// <summary>D-Bus error name ("org.freedesktop.NetworkManager.UnknownConnection"), null when not a D-Bus error.</summary>
    public string? ErrorName { get; }
}

/// <summary>
/// NetworkManager cannot be reached: the bus is down or nobody owns org.freedesktop.NetworkManager.
/// The caller retries later; the client reconnects by itself.
/// </summary>
public sealed class NetworkManagerUnavailableException : NetworkManagerException
{
    /// <summary>Creates the exception.</summary>
    public NetworkManagerUnavailableException(string operation, string message, Exception? innerException = null)
        : base(operation, null, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NetworkManagerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
