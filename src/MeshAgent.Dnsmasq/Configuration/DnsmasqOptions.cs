using System.Net;

namespace MeshAgent.Dnsmasq.Configuration;

/// <summary>
/// Everything dnsmasq is run with: what it listens on, which names it answers, which DHCP leases it hands
/// out, and where its files live. Pure data with no agent concepts; the composition root maps the
/// <c>dns_dhcp:</c> config section and the mesh member list onto it. Check it with
/// <see cref="DnsmasqOptionsValidator"/> before rendering; the renderer refuses invalid options.
/// </summary>
public sealed record DnsmasqOptions
{
    /// <summary>Default location of the dnsmasq binary on Debian, Ubuntu and Fedora.</summary>
    public const string DefaultBinaryPath = "/usr/sbin/dnsmasq";

    /// <summary>Default runtime directory for the config, hosts files, pid file and lease file.</summary>
    public const string DefaultRuntimeDirectory = "/run/meshagent/dnsmasq";

    /// <summary>
    /// Interfaces dnsmasq serves (DNS, and DHCP where a range matches), e.g. br0 and wg0. dnsmasq adds the
    /// loopback interface by itself, which is where the health probe asks. Must not be empty: an empty list
    /// would make dnsmasq listen everywhere, including the WAN.
    /// </summary>
    public IReadOnlyList<string> Interfaces { get; init; } = ["br0", "wg0"];

    /// <summary>Interfaces that never get DHCP (<c>no-dhcp-interface=</c>), e.g. the WAN port.</summary>
    public IReadOnlyList<string> NoDhcpInterfaces { get; init; } = [];

    /// <summary>The LAN domain: DHCP clients and static hosts get it appended (<c>expand-hosts</c>).</summary>
    public string Domain { get; init; } = "lan";

    /// <summary>The domain whose names come from <see cref="MeshHosts"/>; answered locally only.</summary>
    public string MeshDomain { get; init; } = "mesh";

    /// <summary>DHCPv4 ranges; empty means no DHCP at all.</summary>
    public IReadOnlyList<DhcpRange> DhcpRanges { get; init; } = [];

    /// <summary>DHCP option 3 (router); null lets dnsmasq send its own address on that interface.</summary>
    public IPAddress? Router { get; init; }

    /// <summary>DHCP option 6 (DNS servers); empty lets dnsmasq send its own address on that interface.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>Fixed leases: MAC → IPv4 address → host name.</summary>
    public IReadOnlyList<DhcpReservation> Reservations { get; init; } = [];

    /// <summary>Fixed names in the LAN domain (written to the static hosts file).</summary>
    public IReadOnlyList<StaticHost> StaticHosts { get; init; } = [];

    /// <summary>
    /// Upstream DNS servers for names outside the local domains. Empty means none: dnsmasq then answers
    /// REFUSED for outside names (dnsmasq 2.90) instead of reading /etc/resolv.conf.
    /// </summary>
    public IReadOnlyList<IPAddress> UpstreamServers { get; init; } = [];

    /// <summary>Mesh members: a label (e.g. "hub-2") and its addresses, answered as "hub-2.&lt;mesh domain&gt;".</summary>
    public IReadOnlyList<MeshHost> MeshHosts { get; init; } = [];

    /// <summary>Path of the dnsmasq executable.</summary>
    public string BinaryPath { get; init; } = DefaultBinaryPath;

    /// <summary>Directory for every file of ours (created 0755; files 0644 so dnsmasq can re-read them as <see cref="User"/>).</summary>
    public string RuntimeDirectory { get; init; } = DefaultRuntimeDirectory;

    /// <summary>
    /// Label of the name the health probe asks for; it is written into the mesh hosts file as
    /// "&lt;probe name&gt;.&lt;mesh domain&gt;" → 127.0.0.1, so an answer proves the hosts files were loaded.
    /// </summary>
    public string ProbeName { get; init; } = "meshagent-probe";

    /// <summary>
    /// The user dnsmasq drops to after binding its sockets. Rendered explicitly so the result does not
    /// depend on the distribution's compile-time default; "nobody" exists everywhere. The pid and lease files
    /// are opened before the drop; the hosts files are re-read after it, hence 0644.
    /// </summary>
    public string User { get; init; } = "nobody";

    /// <summary>DNS port (UDP and TCP). 53 unless a test or a co-located resolver needs another one.</summary>
    public int Port { get; init; } = 53;

    /// <summary>
    /// TTL of answers from the hosts files and DHCP leases. dnsmasq's default is 0 (clients re-ask every
    /// time); a minute keeps client caches useful while a renamed mesh member is visible within a minute.
    /// </summary>
    public TimeSpan LocalTtl { get; init; } = TimeSpan.FromSeconds(60);
}
