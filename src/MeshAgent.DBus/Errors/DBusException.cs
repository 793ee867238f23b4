namespace MeshAgent.DBus;

/// <summary>Base of every exception this library throws on purpose.</summary>
public class DBusException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public DBusException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the lower-level cause.</summary>
    public DBusException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
