namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>A real daemon started in a sandbox with a notify socket, returned once it has sent READY=1.</summary>
internal sealed class RunningDaemon : IAsyncDisposable
{
    private RunningDaemon(DaemonSandbox sandbox, NotifyListener notify, DaemonProcess process)
    {
        Sandbox = sandbox;
        Notify = notify;
        Process = process;
    }

    public DaemonSandbox Sandbox { get; }

    public NotifyListener Notify { get; }

    public DaemonProcess Process { get; }

    public static async Task<RunningDaemon> StartAsync(DaemonSandbox sandbox, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var notify = NotifyListener.AtPath(Path.Combine(sandbox.Directory, "notify"));
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["NOTIFY_SOCKET"] = notify.NotifySocket };
        var process = DaemonProcess.Start(DaemonProcess.DaemonPath, ["run", "--config", sandbox.ConfigPath], env);
        var daemon = new RunningDaemon(sandbox, notify, process);
        try
        {
            await notify.WaitForAsync(m => m.Has("READY", "1"), "READY=1");
        }
        catch (TimeoutException e)
        {
            await daemon.DisposeAsync();
            throw new TimeoutException($"{e.Message}\nstderr:\n{process.StandardError}", e);
        }

        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Notify.Dispose();
    }
}
