using MeshAgent.Lab.NetworkManager;

namespace MeshAgent.Lab.Firewalld;

/// <summary>
/// A real firewalld (1.3) owning one lab host's firewall, on a private dbus-daemon whose path socket lives in the
/// lab directory. firewalld talks to the bus libdbus finds in DBUS_SYSTEM_BUS_ADDRESS, so no mount hides the
/// real system bus; it runs in the host's network namespace (its nftables table <c>inet firewalld</c> is that
/// namespace's) with a private /run (its temp dir) and a copy of /etc/firewalld as its system config
/// (<c>--system-config</c>), so permanent changes land in the lab directory. <see cref="FirewallCmdAsync"/> runs
/// firewall-cmd against the same bus as the independent check. Not thread-safe: one test drives it.
/// </summary>
public sealed class LabFirewalld : IAsyncDisposable
{
    /// <summary>A guard against hangs while firewalld starts (it took a few seconds here, Python and nft).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly LabProcess _bus;
    private readonly LabProcess _firewalld;

    private LabFirewalld(LabHost host, string directory, LabProcess bus, LabProcess firewalld)
    {
        Host = host;
        Directory = directory;
        _bus = bus;
        _firewalld = firewalld;
    }

    /// <summary>The host firewalld guards.</summary>
    public LabHost Host { get; }

    /// <summary>The rig's directory (bus socket, firewalld's /run, its system config under etc/).</summary>
    public string Directory { get; }

    /// <summary>The private bus: "unix:path=&lt;dir&gt;/bus.sock".</summary>
    public string BusAddress => $"unix:path={Path.Combine(Directory, "bus.sock")}";

    /// <summary>firewalld's system configuration directory (permanent zones are written under zones/).</summary>
    public string ConfigDirectory => Path.Combine(Directory, "etc");

    /// <summary>Starts the bus and firewalld for <paramref name="host"/> and waits until <c>firewall-cmd --state</c> says running.</summary>
    /// <exception cref="TimeoutException">firewalld did not come up (its log is in the lab directory).</exception>
    public static async Task<LabFirewalld> StartAsync(LabNetwork lab, LabHost host)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(host);
        var directory = Path.Combine(lab.Directory, $"firewalld-{host.Name}");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "run"));
        CopyDirectory("/etc/firewalld", Path.Combine(directory, "etc"));
        var socket = Path.Combine(directory, "bus.sock");
        var busConfig = Path.Combine(directory, "bus.conf");
        await File.WriteAllTextAsync(busConfig, LabNetworkManagerFiles.BusConfig(socket));
        var bus = host.Start("dbus-daemon", [$"--config-file={busConfig}", "--nofork", "--nopidfile"], new LabProcessOptions { Name = "dbus-daemon" });
        await Poll.UntilAsync(() => File.Exists(socket) || bus.HasExited, StartTimeout, $"dbus-daemon socket {socket}");
        if (bus.HasExited)
        {
            throw new InvalidOperationException($"dbus-daemon exited at start: {bus.Output}");
        }

        var options = new LabProcessOptions { Name = "firewalld", Environment = { ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={socket}" } };
        var script = string.Join(" && ",
            $"mount --bind '{directory}/run' /run",
            $"exec firewalld --nofork --nopid --system-config '{directory}/etc' --log-target console --log-file '{directory}/firewalld.log'");
        var firewalld = host.Start("unshare", ["-m", "--propagation", "private", "sh", "-c", script], options);
        var rig = new LabFirewalld(host, directory, bus, firewalld);
        await Poll.UntilAsync(
            async () => firewalld.HasExited || (await rig.FirewallCmdAsync("--state")).StdOut.Trim() == "running",
            StartTimeout,
            $"firewalld on {host.Name} to report running");
        if (firewalld.HasExited)
        {
            await rig.DisposeAsync();
            throw new InvalidOperationException($"firewalld exited at start: {firewalld.Output}");
        }

        return rig;
    }

    /// <summary>Runs firewall-cmd against this rig's bus (it speaks only D-Bus, so it runs from the root namespace).</summary>
    public Task<CommandResult> FirewallCmdAsync(params string[] arguments) =>
        CommandRunner.RunAsync("firewall-cmd", arguments, TimeSpan.FromSeconds(60), environment: new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress });

    /// <summary>Runs firewall-cmd and throws <see cref="LabCommandException"/> on a non-zero exit.</summary>
    public async Task<CommandResult> FirewallCmdCheckedAsync(params string[] arguments) => (await FirewallCmdAsync(arguments)).EnsureSuccess();

    /// <inheritdoc />
    /// <remarks>Stops firewalld, then the bus; the lab would stop both too, this keeps the order.</remarks>
    public async ValueTask DisposeAsync()
    {
        await _firewalld.StopAsync();
        await _bus.StopAsync();
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }
    }
}
