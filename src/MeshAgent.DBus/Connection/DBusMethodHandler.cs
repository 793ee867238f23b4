namespace MeshAgent.DBus;

/// <summary>
/// Serves one method call received on a registered object path. Return the reply's arguments
/// (null or empty for none); throw <see cref="DBusErrorException"/> to reply with that error. Any
/// other exception becomes <c>org.freedesktop.DBus.Error.Failed</c>. Runs on the thread pool; the
/// token is cancelled when the connection ends.
/// </summary>
public delegate Task<IReadOnlyList<DBusValue>?> DBusMethodHandler(DBusMessage call, CancellationToken cancellationToken);
