using System.Net.Sockets;

namespace MeshAgent.Cli.LocalApi;

/// <summary>Nothing answers on the daemon's API socket: it is not running, or the socket is not ours to use.</summary>
public sealed class DaemonUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="socketPath"/>.</summary>
    public DaemonUnreachableException(string socketPath, SocketException cause)
        : base(Describe(socketPath, cause), cause)
    {
        SocketPath = socketPath;
    }

    /// <summary>Not for use: the exception needs a path and a cause.</summary>
    public DaemonUnreachableException()
    {
        SocketPath = string.Empty;
    }

    /// <summary>Not for use: the exception needs a path and a cause.</summary>
    public DaemonUnreachableException(string message)
        : base(message)
    {
        SocketPath = string.Empty;
    }

    /// <summary>Not for use: the exception needs a path and a cause.</summary>
    public DaemonUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
        SocketPath = string.Empty;
    }

    /// <summary>The socket that did not answer.</summary>
    public string SocketPath { get; }

    private static string Describe(string socketPath, SocketException cause) => cause.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable or SocketError.ConnectionRefused =>
            $"meshagent is not running (nothing answers on {socketPath})",
        SocketError.AccessDenied => $"permission denied on {socketPath} (run as root or a member of its group)",
        _ => $"cannot reach meshagent on {socketPath}: {cause.Message}",
    };
}
