using System.Diagnostics;
using System.Net;

namespace MeshAgent.Lab;

/// <summary>
/// A host of the lab: one network namespace. Commands and processes run inside it through
/// <c>ip netns exec</c>, which also gives each of them a private mount namespace.
/// </summary>
public sealed class LabHost
{
    private readonly LabNetwork _lab;
    private readonly List<IPAddress> _addresses = [];

    internal LabHost(LabNetwork lab, string name, string networkNamespace)
    {
        _lab = lab;
        Name = name;
        Namespace = networkNamespace;
        WireGuardRunDirectory = Path.Combine(lab.Directory, name, "run-wireguard");
        Directory.CreateDirectory(WireGuardRunDirectory);
    }

    /// <summary>The short name given by the test ("a", "hub1").</summary>
    public string Name { get; }

    /// <summary>The network namespace, "&lt;prefix&gt;-&lt;name&gt;".</summary>
    public string Namespace { get; }

    /// <summary>Host-side directory bound over /run/wireguard for processes started with that option.</summary>
    public string WireGuardRunDirectory { get; }

    /// <summary>Addresses assigned to this host through the lab (used for partitions).</summary>
    public IReadOnlyList<IPAddress> Addresses
    {
        get
        {
            lock (_addresses)
            {
                return [.. _addresses];
            }
        }
    }

    /// <summary>Runs a command inside the host to completion.</summary>
    public Task<CommandResult> RunAsync(string file, params string[] arguments) =>
        CommandRunner.RunAsync("ip", ["netns", "exec", Namespace, file, .. arguments]);

    /// <summary>Runs a command inside the host, with a timeout and optional standard input.</summary>
    public Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? timeout, string? standardInput = null, CancellationToken cancellationToken = default) =>
        CommandRunner.RunAsync("ip", ["netns", "exec", Namespace, file, .. arguments], timeout, standardInput, cancellationToken: cancellationToken);

    /// <summary>Runs a command inside the host and throws <see cref="LabCommandException"/> on a non-zero exit.</summary>
    public async Task<CommandResult> RunCheckedAsync(string file, params string[] arguments) =>
        (await RunAsync(file, arguments)).EnsureSuccess();

    /// <summary>Starts a long-running process inside the host; the lab stops it at the end.</summary>
    public LabProcess Start(string file, IEnumerable<string> arguments, LabProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= new LabProcessOptions();
        var startInfo = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? _lab.Directory,
        };
        startInfo.ArgumentList.Add("netns");
        startInfo.ArgumentList.Add("exec");
        startInfo.ArgumentList.Add(Namespace);
        if (options.WireGuardRunDirectory)
        {
            // ip netns exec already unshared the mount namespace, so this bind is private to the process.
            startInfo.ArgumentList.Add("sh");
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("mkdir -p /run/wireguard && mount --bind \"$WG_LAB_RUN_DIR\" /run/wireguard && exec \"$0\" \"$@\"");
            startInfo.Environment["WG_LAB_RUN_DIR"] = WireGuardRunDirectory;
        }

        startInfo.ArgumentList.Add(file);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in options.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var name = options.Name ?? Path.GetFileName(file);
        var logPath = Path.Combine(_lab.Directory, Name, $"{name}-{_lab.NextSequence()}.log");
        var process = new LabProcess(new Process { StartInfo = startInfo }, $"{Name}/{name}", logPath);
        _lab.Track(process);
        return process;
    }

    /// <summary>Adds an address to an interface of this host and remembers it for partitions.</summary>
    public async Task AddAddressAsync(string interfaceName, string cidr)
    {
        await RunCheckedAsync("ip", "addr", "add", cidr, "dev", interfaceName);
        Remember(IPAddress.Parse(cidr.Split('/')[0]));
    }

    internal void Remember(IPAddress address)
    {
        lock (_addresses)
        {
            _addresses.Add(address);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Namespace;
}
