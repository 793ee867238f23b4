namespace MeshAgent.Dnsmasq.Rendering;

/// <summary>
/// The complete desired input of one dnsmasq instance: its argument list and the text of each file we
/// write. Two renderings with equal text need nothing done; which parts differ decides between SIGHUP
/// (hosts files only) and a restart (config or arguments).
/// </summary>
public sealed class DnsmasqRendering
{
    /// <summary>Creates a rendering; only the renderer (and tests) build one.</summary>
    internal DnsmasqRendering(string binaryPath, IReadOnlyList<string> arguments, DnsmasqPaths paths, string config, string meshHosts, string staticHosts)
    {
        BinaryPath = binaryPath;
        Arguments = arguments;
        Paths = paths;
        Config = config;
        MeshHosts = meshHosts;
        StaticHosts = staticHosts;
    }

    /// <summary>The dnsmasq executable.</summary>
    public string BinaryPath { get; }

    /// <summary>Arguments after the executable name.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Where the files go.</summary>
    public DnsmasqPaths Paths { get; }

    /// <summary>Text of <see cref="DnsmasqPaths.ConfigFile"/>.</summary>
    public string Config { get; }

    /// <summary>Text of <see cref="DnsmasqPaths.MeshHostsFile"/>.</summary>
    public string MeshHosts { get; }

    /// <summary>Text of <see cref="DnsmasqPaths.StaticHostsFile"/>.</summary>
    public string StaticHosts { get; }

    // For tests: lets a lab test hand the supervisor a config that dnsmasq rejects (validation prevents it otherwise).
    internal DnsmasqRendering WithConfig(string config) => new(BinaryPath, Arguments, Paths, config, MeshHosts, StaticHosts);

    /// <summary>True when a running dnsmasq started from <paramref name="other"/> must be restarted to match this one.</summary>
    public bool NeedsRestartFrom(DnsmasqRendering other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BinaryPath != other.BinaryPath || Config != other.Config || !Arguments.SequenceEqual(other.Arguments);
    }

    /// <summary>True when the hosts files differ from <paramref name="other"/> (a SIGHUP is enough).</summary>
    public bool HostsDifferFrom(DnsmasqRendering other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return MeshHosts != other.MeshHosts || StaticHosts != other.StaticHosts;
    }
}
