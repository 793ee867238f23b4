namespace MeshAgent.DBus;

/// <summary>
/// No connection could be established: bad or unusable address, socket connect refused, missing
/// socket, authentication rejected, or Hello failed. Nothing was sent to any object yet.
/// </summary>
public sealed class DBusConnectFailedException : DBusException
{
    /// <summary>Creates the exception.</summary>
    public DBusConnectFailedException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
