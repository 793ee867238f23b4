using System.Diagnostics;
using System.Net.Sockets;

namespace MeshAgent.DBus.Tests.Lab;

/// <summary>
/// A private dbus-daemon for one test: its own config (path socket, EXTERNAL auth, open policy) in
/// a temp directory, run in the foreground as our child and stopped by its PID.
/// </summary>
internal sealed class DBusDaemon : IAsyncDisposable
{
    private readonly Process _process;

    private DBusDaemon(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, "bus.sock");

    public string Address => "unix:path=" + SocketPath;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<DBusDaemon> StartAsync()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("ma-dbus-").FullName;
        var config = Path.Combine(dir, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <listen>unix:path={dir}/bus.sock</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_destination="*" eavesdrop="true"/>
                <allow receive_sender="*"/>
                <allow eavesdrop="true"/>
              </policy>
            </busconfig>
            """);
        var start = new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--nopidfile", "--print-address=1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        var daemon = new DBusDaemon(process, dir);
        try
        {
            // --print-address writes the address once the socket listens.
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null)
            {
                throw new InvalidOperationException("dbus-daemon exited: " + await process.StandardError.ReadToEndAsync());
            }
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
