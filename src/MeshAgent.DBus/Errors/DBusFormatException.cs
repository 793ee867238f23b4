namespace MeshAgent.DBus;

/// <summary>
/// Bytes, a signature or a name did not follow the D-Bus specification. Thrown by the readers and
/// validators for untrusted input and by the writers for invalid values given by the caller.
/// </summary>
public sealed class DBusFormatException : DBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">The kind of violation.</param>
    /// <param name="message">A human description (never contains message payload beyond names).</param>
    public DBusFormatException(DBusFormatError error, string message) : base(message)
    {
        Error = error;
    }

    /// <summary>The kind of violation.</summary>
    public DBusFormatError Error { get; }
}
