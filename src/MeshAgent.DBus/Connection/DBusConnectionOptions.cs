using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.DBus;

/// <summary>Options of a <see cref="DBusConnection"/>.</summary>
public sealed class DBusConnectionOptions
{
    /// <summary>
    /// Send Hello after authentication (true for a message bus, false for a direct peer-to-peer
    /// connection). Default true.
    /// </summary>
    public bool SayHello { get; init; } = true;

    /// <summary>Logger factory for the connection's log events. Default: no logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
