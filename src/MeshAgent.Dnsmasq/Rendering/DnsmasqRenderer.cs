using System.Globalization;
using System.Net;
using System.Text;
using MeshAgent.Dnsmasq.Configuration;

namespace MeshAgent.Dnsmasq.Rendering;

/// <summary>
/// Pure functions from <see cref="DnsmasqOptions"/> to dnsmasq's argument list, config file and hosts files.
/// Output is deterministic (mesh hosts sorted by name) so equal inputs give byte-equal files and no needless
/// reload. Thread-safe. Throws <see cref="DnsmasqConfigException"/> for invalid options.
/// </summary>
public static class DnsmasqRenderer
{
    /// <summary>The address the probe name answers with: never routed, so harmless if a client asks for it.</summary>
    public static readonly IPAddress ProbeAddress = IPAddress.Loopback;

    private const string Header = "# Written by meshagent; rewritten on every reconcile, do not edit.\n";

    /// <summary>Renders everything dnsmasq needs for <paramref name="options"/>.</summary>
    public static DnsmasqRendering Render(DnsmasqOptions options)
    {
        DnsmasqOptionsValidator.ThrowIfInvalid(options);
        var paths = new DnsmasqPaths(options.RuntimeDirectory);
        return new DnsmasqRendering(
            options.BinaryPath,
            RenderArguments(paths),
            paths,
            RenderConfig(options, paths),
            RenderMeshHosts(options),
            RenderStaticHosts(options));
    }

    /// <summary>
    /// The argument list: stay our child and read our config file only. With <c>--conf-file=</c> given,
    /// dnsmasq does not read /etc/dnsmasq.conf, and we never pass <c>--conf-dir</c>.
    /// </summary>
    public static IReadOnlyList<string> RenderArguments(DnsmasqPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return ["--keep-in-foreground", "--conf-file=" + paths.ConfigFile];
    }

    /// <summary>The config file text. Assumes validated options (see <see cref="Render"/>).</summary>
    internal static string RenderConfig(DnsmasqOptions options, DnsmasqPaths paths)
    {
        var text = new StringBuilder(Header);

        text.Append("\n# Where to listen: these interfaces (and loopback, added by dnsmasq), bound as they come and go.\n");
        text.Append("bind-dynamic\n");
        foreach (var name in options.Interfaces)
        {
            text.Append("interface=").Append(name).Append('\n');
        }

        foreach (var name in options.NoDhcpInterfaces)
        {
            text.Append("no-dhcp-interface=").Append(name).Append('\n');
        }

        if (options.Port != 53)
        {
            text.Append("port=").Append(options.Port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append("user=").Append(options.User).Append('\n');

        text.Append("\n# Our files only: never the system hosts file or resolv.conf.\n");
        text.Append("pid-file=").Append(paths.PidFile).Append('\n');
        text.Append("dhcp-leasefile=").Append(paths.LeaseFile).Append('\n');
        text.Append("log-facility=-\n");
        text.Append("no-hosts\n");
        text.Append("addn-hosts=").Append(paths.StaticHostsFile).Append('\n');
        text.Append("addn-hosts=").Append(paths.MeshHostsFile).Append('\n');

        text.Append("\n# Local names never go upstream.\n");
        text.Append("domain=").Append(options.Domain).Append('\n');
        text.Append("expand-hosts\n");
        text.Append("local=/").Append(options.Domain).Append("/\n");
        text.Append("local=/").Append(options.MeshDomain).Append("/\n");
        text.Append("domain-needed\n");
        text.Append("bogus-priv\n");
        text.Append("local-ttl=").Append(((long)options.LocalTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('\n');

        text.Append(options.UpstreamServers.Count == 0
            ? "\n# No upstream: names outside the local domains are refused.\n"
            : "\n# Upstream servers for everything else.\n");
        text.Append("no-resolv\n");
        foreach (var server in options.UpstreamServers)
        {
            text.Append("server=").Append(server).Append('\n');
        }

        if (options.DhcpRanges.Count > 0)
        {
            // dhcp-authoritative: after a reboot the lease file (in /run) is gone; answer renewals at once.
            // no-ping: dnsmasq otherwise pings each new address first, ~3 s per lease.
            text.Append("\n# DHCP\n");
            text.Append("dhcp-authoritative\n");
            text.Append("no-ping\n");
            foreach (var range in options.DhcpRanges)
            {
                text.Append("dhcp-range=").Append(range.Start).Append(',').Append(range.End).Append(',')
                    .Append(FormatLeaseTime(range.LeaseTime)).Append('\n');
            }

            if (options.Router is not null)
            {
                text.Append("dhcp-option=option:router,").Append(options.Router).Append('\n');
            }

            if (options.DnsServers.Count > 0)
            {
                text.Append("dhcp-option=option:dns-server,").AppendJoin(',', options.DnsServers).Append('\n');
            }

            foreach (var reservation in options.Reservations)
            {
                text.Append("dhcp-host=").Append(reservation.Mac.ToLowerInvariant()).Append(',').Append(reservation.Address);
                if (reservation.Name is not null)
                {
                    text.Append(',').Append(reservation.Name);
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The mesh hosts file: the probe name first, then one line per member address, fully qualified in the
    /// mesh domain, sorted by name so gossip order does not matter.
    /// </summary>
    public static string RenderMeshHosts(DnsmasqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder(Header);
        text.Append(ProbeAddress).Append(' ').Append(options.ProbeName).Append('.').Append(options.MeshDomain).Append('\n');
        foreach (var host in options.MeshHosts.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var address in host.Addresses)
            {
                text.Append(address).Append(' ').Append(host.Name.ToLowerInvariant()).Append('.').Append(options.MeshDomain).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The static hosts file: one line per address, names as configured (bare names get the LAN domain).</summary>
    public static string RenderStaticHosts(DnsmasqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder(Header);
        foreach (var host in options.StaticHosts)
        {
            text.Append(host.Address).Append(' ').AppendJoin(' ', host.Names).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>dnsmasq's lease time syntax: the largest whole unit (h, m) or plain seconds.</summary>
    internal static string FormatLeaseTime(TimeSpan leaseTime)
    {
        var seconds = (long)leaseTime.TotalSeconds;
        return seconds % 3600 == 0 ? $"{seconds / 3600}h"
            : seconds % 60 == 0 ? $"{seconds / 60}m"
            : seconds.ToString(CultureInfo.InvariantCulture);
    }
}
