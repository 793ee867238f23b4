namespace MeshAgent.DBus;

/// <summary>
/// The peer answered a method call with an ERROR message, or a local method handler throws this to
/// send a specific error reply.
/// </summary>
public sealed class DBusErrorException : DBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorName">The D-Bus error name, e.g. <c>org.freedesktop.DBus.Error.ServiceUnknown</c>.</param>
    /// <param name="errorMessage">The first string argument of the error, or empty.</param>
    public DBusErrorException(string errorName, string errorMessage)
        : base(string.IsNullOrEmpty(errorMessage) ? errorName : $"{errorName}: {errorMessage}")
    {
        ErrorName = errorName;
        ErrorMessage = errorMessage;
    }

    /// <summary>The D-Bus error name.</summary>
    public string ErrorName { get; }

    /// <summary>The human-readable text the peer sent (may be empty).</summary>
    public string ErrorMessage { get; }
}
