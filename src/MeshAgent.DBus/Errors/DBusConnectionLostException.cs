namespace MeshAgent.DBus;

/// <summary>
/// An established connection ended: the peer closed it, the socket failed, a malformed message was
/// received, or the connection was disposed. Every pending call fails with this exception and every
/// later call throws it.
/// </summary>
public sealed class DBusConnectionLostException : DBusException
{
    /// <summary>Creates the exception.</summary>
    public DBusConnectionLostException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
