using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Prepares and guards the local API's unix socket around Kestrel's bind: before the bind it creates the
/// directory (0755) and removes a stale socket file left by a dead daemon (one nobody answers on), but
/// refuses to start when another daemon still answers there; after the bind it sets the socket to 0660
/// (the daemon runs as root, so root and the group may connect); after stop it removes the file. Until
/// the chmod the socket has the umask's mode inside a root-owned 0755 directory, so nobody else can
/// connect in between.
/// </summary>
public sealed partial class ApiSocketService(string socketPath, ILogger<ApiSocketService> logger) : IHostedLifecycleService
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(socketPath));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        if (File.Exists(socketPath))
        {
            if (IsAnswered(socketPath))
            {
                throw new IOException($"another meshagent is serving the API socket {socketPath}");
            }

            File.Delete(socketPath);
            Log.StaleSocketRemoved(logger, socketPath);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        File.SetUnixFileMode(socketPath, SocketMode);
        Log.Listening(logger, socketPath);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(socketPath);
        }
        catch (IOException)
        {
            // Best effort: the next start removes a stale file anyway.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsAnswered(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Removed stale API socket {Path}")]
        public static partial void StaleSocketRemoved(ILogger logger, string path);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Local API on {Path}")]
        public static partial void Listening(ILogger logger, string path);
    }
}
