namespace MeshAgent.Dnsmasq.Rendering;

/// <summary>Where each of our dnsmasq files lives inside the runtime directory.</summary>
/// <param name="RuntimeDirectory">The directory holding all of them.</param>
public sealed record DnsmasqPaths(string RuntimeDirectory)
{
    /// <summary>The config file passed as <c>--conf-file=</c>.</summary>
    public string ConfigFile => Path.Combine(RuntimeDirectory, "dnsmasq.conf");

    /// <summary>Names in the mesh domain, maintained by the agent (<c>addn-hosts=</c>).</summary>
    public string MeshHostsFile => Path.Combine(RuntimeDirectory, "mesh.hosts");

    /// <summary>Configured static names (<c>addn-hosts=</c>).</summary>
    public string StaticHostsFile => Path.Combine(RuntimeDirectory, "static.hosts");

    /// <summary>dnsmasq's pid file; used to find a stale instance at start.</summary>
    public string PidFile => Path.Combine(RuntimeDirectory, "dnsmasq.pid");

    /// <summary>dnsmasq's lease file.</summary>
    public string LeaseFile => Path.Combine(RuntimeDirectory, "dnsmasq.leases");
}
