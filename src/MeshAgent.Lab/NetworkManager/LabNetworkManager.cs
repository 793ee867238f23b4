using System.Diagnostics;

namespace MeshAgent.Lab.NetworkManager;

/// <summary>
/// A real NetworkManager (1.42) managing one lab host, on a private dbus-daemon whose path socket lives in
/// the lab directory. NM runs inside the host's network namespace with private bind mounts (LAB.md), so
/// several rigs and the machine's own networking never meet. <see cref="BusAddress"/> is what clients use
/// (DBUS_SYSTEM_BUS_ADDRESS); <see cref="NmcliAsync"/> runs nmcli against the same bus as an independent
/// check. Profiles and NM state survive <see cref="RestartAsync"/> like on a real host. The lab stops both
/// processes by PID when it is disposed. Not thread-safe: one test drives it.
/// </summary>
public sealed class LabNetworkManager : IAsyncDisposable
{
    /// <summary>A guard against hangs while NM starts; it is ready in well under a second here.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly LabProcess _bus;
    private LabProcess? _networkManager;

    private LabNetworkManager(LabHost host, string directory, LabProcess bus)
    {
        Host = host;
        Directory = directory;
        _bus = bus;
    }

    /// <summary>The host NM manages.</summary>
    public LabHost Host { get; }

    /// <summary>The rig's directory (bus socket, NM's private /run, /etc/NetworkManager, /var/lib/NetworkManager).</summary>
    public string Directory { get; }

    /// <summary>The private bus: "unix:path=&lt;dir&gt;/bus.sock".</summary>
    public string BusAddress => $"unix:path={Path.Combine(Directory, "bus.sock")}";

    /// <summary>The keyfile directory (NM's /etc/NetworkManager/system-connections).</summary>
    public string ProfileDirectory => Path.Combine(Directory, "etc", "system-connections");

    /// <summary>The running NM process, or null while stopped.</summary>
    public LabProcess? Process => _networkManager;

    /// <summary>How long the last start took until NM was ready (bus name owned, Startup false).</summary>
    public TimeSpan LastStartDuration { get; private set; }

    /// <summary>Starts the bus and NetworkManager for <paramref name="host"/> and waits until NM is ready.</summary>
    /// <exception cref="TimeoutException">NM did not become ready (its log is in the lab directory).</exception>
    public static async Task<LabNetworkManager> StartAsync(LabNetwork lab, LabHost host)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(host);
        var directory = Path.Combine(lab.Directory, $"nm-{host.Name}");
        foreach (var sub in new[] { "run", "varlib", "etc/system-connections", "empty" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "resolv.conf"), "");
        await File.WriteAllTextAsync(Path.Combine(directory, "etc", "NetworkManager.conf"), LabNetworkManagerFiles.NetworkManagerConf + "\n");
        var socket = Path.Combine(directory, "bus.sock");
        var busConfig = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(busConfig, LabNetworkManagerFiles.BusConfig(socket));

        var bus = host.Start("dbus-daemon", [$"--config-file={busConfig}", "--nofork", "--nopidfile"], new LabProcessOptions { Name = "dbus-daemon" });
        await Poll.UntilAsync(() => File.Exists(socket) || bus.HasExited, StartTimeout, $"dbus-daemon socket {socket}");
        if (bus.HasExited)
        {
            throw new InvalidOperationException($"dbus-daemon exited at start: {bus.Output}");
        }

        var rig = new LabNetworkManager(host, directory, bus);
        await rig.StartNetworkManagerAsync();
        return rig;
    }

    /// <summary>Starts NM (after <see cref="StopAsync"/>) and waits until it is ready.</summary>
    public async Task StartNetworkManagerAsync()
    {
        if (_networkManager is { HasExited: false })
        {
            throw new InvalidOperationException("NetworkManager is already running");
        }

        var started = Stopwatch.StartNew();
        var options = new LabProcessOptions { Name = "NetworkManager", Environment = { ["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress } };
        _networkManager = Host.Start(
            "unshare", ["-m", "-u", "--propagation", "private", "sh", "-c", LabNetworkManagerFiles.MountAndExec(Directory)], options);
        var process = _networkManager;
        await Poll.UntilAsync(
            async () => process.HasExited || await IsReadyAsync(),
            StartTimeout,
            $"NetworkManager on {Host.Name} to own its bus name with Startup=false");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"NetworkManager exited at start: {Tail(process.Output)}");
        }

        LastStartDuration = started.Elapsed;
    }

    /// <summary>Stops NM (SIGTERM, then SIGKILL); the bus, the profiles and the links stay.</summary>
    public async Task StopAsync()
    {
        if (_networkManager is { } process)
        {
            await process.StopAsync();
            _networkManager = null;
            // The bus releases the name when NM's connection closes; wait so a restart cannot race it.
            await Poll.UntilAsync(async () => !await OwnsNameAsync(), StartTimeout, "org.freedesktop.NetworkManager to lose its owner");
        }
    }

    /// <summary>Stops and starts NM.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartNetworkManagerAsync();
    }

    /// <summary>Runs nmcli against this rig's bus (from the root namespace: nmcli only speaks D-Bus).</summary>
    public Task<CommandResult> NmcliAsync(params string[] arguments) =>
        CommandRunner.RunAsync("nmcli", arguments, environment: new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress });

    /// <summary>Runs nmcli and throws <see cref="LabCommandException"/> on a non-zero exit.</summary>
    public async Task<CommandResult> NmcliCheckedAsync(params string[] arguments) => (await NmcliAsync(arguments)).EnsureSuccess();

    /// <summary>True when NM owns its bus name and reports Startup=false.</summary>
    public async Task<bool> IsReadyAsync()
    {
        var reply = await DBusSendAsync(
            "--dest=org.freedesktop.NetworkManager", "/org/freedesktop/NetworkManager",
            "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.NetworkManager", "string:Startup");
        return reply.Succeeded && reply.StdOut.Contains("boolean false", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    /// <remarks>Stops NM then the bus; the lab would do it too, this only keeps the order (NM first).</remarks>
    public async ValueTask DisposeAsync()
    {
        if (_networkManager is { } process)
        {
            await process.StopAsync();
        }

        await _bus.StopAsync();
    }

    private async Task<bool> OwnsNameAsync()
    {
        var reply = await DBusSendAsync(
            "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.NetworkManager");
        return !reply.Succeeded || reply.StdOut.Contains("boolean true", StringComparison.Ordinal);
    }

    private Task<CommandResult> DBusSendAsync(params string[] arguments) =>
        CommandRunner.RunAsync("dbus-send", [$"--bus={BusAddress}", "--print-reply", .. arguments], TimeSpan.FromSeconds(10));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
