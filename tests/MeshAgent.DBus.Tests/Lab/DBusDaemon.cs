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

    /// <summary>The address dbus-daemon printed (includes its guid).</summary>
    public string PrintedAddress { get; private set; } = "";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Skips the test (fails it under CI=true) when the tools are missing.</summary>
    public static void RequireTools(params string[] tools)
    {
        foreach (var tool in tools)
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
            if (!found)
            {
                var reason = $"{tool} is not installed (apt: dbus-daemon, dbus-bin)";
                if (Environment.GetEnvironmentVariable("CI") == "true")
                {
                    Assert.Fail(reason);
                }

                Assert.Ignore(reason);
            }
        }
    }

    /// <param name="listen">The listen address; null for unix:path=DIR/bus.sock.</param>
    /// <param name="auth">The SASL mechanism the daemon accepts.</param>
    public static async Task<DBusDaemon> StartAsync(string? listen = null, string auth = "EXTERNAL")
    {
        RequireTools("dbus-daemon");
        var dir = System.IO.Directory.CreateTempSubdirectory("ma-dbus-").FullName;
        var config = Path.Combine(dir, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <listen>{listen ?? $"unix:path={dir}/bus.sock"}</listen>
              <auth>{auth}</auth>
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

            daemon.PrintedAddress = line;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>Runs a client tool (dbus-send) against this bus and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, ["--bus=" + Address, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
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
