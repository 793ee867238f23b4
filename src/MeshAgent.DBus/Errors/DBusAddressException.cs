namespace MeshAgent.DBus;

/// <summary>A D-Bus server address string could not be parsed.</summary>
public sealed class DBusAddressException : DBusException
{
    /// <summary>Creates the exception.</summary>
    public DBusAddressException(string message) : base(message)
    {
    }
}
