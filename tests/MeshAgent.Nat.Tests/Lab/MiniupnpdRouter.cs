using System.Globalization;
using MeshAgent.Lab;

namespace MeshAgent.Nat.Tests.Lab;

/// <summary>
/// A router host running the real miniupnpd 2.3.1 (NAT-PMP and PCP on UDP 5351, UPnP on TCP 5000) in front of one
/// LAN host, set up as ../shared/LAB.md "miniupnpd as the NAT gateway" describes.
/// </summary>
internal sealed class MiniupnpdRouter
{
    public const string LanGateway = "10.77.0.1";
    public const string LanHostAddress = "10.77.0.2";

    // 2.3.1 refuses a reserved ext_ip; this one is only reported to clients (LAB.md).
    public const string ReportedExternalAddress = "100.128.0.2";

    private const string Ruleset = """
        table inet filter {
          chain forward { type filter hook forward priority 0; policy drop; ct state established,related accept; iifname "lan0" oifname "wan0" accept; jump miniupnpd; }
          chain miniupnpd { }
          chain prerouting { type nat hook prerouting priority -100; jump prerouting_miniupnpd; }
          chain postrouting { type nat hook postrouting priority 100; jump postrouting_miniupnpd; oifname "wan0" masquerade; }
          chain prerouting_miniupnpd { }
          chain postrouting_miniupnpd { }
        }
        """;

    private MiniupnpdRouter(LabHost router, LabHost lanHost, LabHost wanHost, string configPath)
    {
        Router = router;
        LanHost = lanHost;
        WanHost = wanHost;
        ConfigPath = configPath;
    }

    public LabHost Router { get; }

    public LabHost LanHost { get; }

    public LabHost WanHost { get; }

    public string ConfigPath { get; }

    public LabProcess? Daemon { get; private set; }

    /// <summary>Builds the router and starts miniupnpd with UPnP IGD and/or NAT-PMP+PCP (one switch in miniupnpd) enabled.</summary>
    public static async Task<MiniupnpdRouter> CreateAsync(LabNetwork lab, bool upnp = false, bool natPmpAndPcp = true)
    {
        var router = await lab.AddHostAsync("gw");
        var lanHost = await lab.AddHostAsync("spoke");
        var wanHost = await lab.AddHostAsync("wan");
        await lab.LinkAsync(router, "lan0", $"{LanGateway}/24", lanHost, "eth0", $"{LanHostAddress}/24");
        await lab.LinkAsync(router, "wan0", "203.0.113.1/24", wanHost, "eth0", "203.0.113.2/24");
        await lanHost.RunCheckedAsync("ip", "route", "add", "default", "via", LanGateway);
        await router.RunCheckedAsync("sysctl", "-qw", "net.ipv4.ip_forward=1");
        (await router.RunAsync("nft", ["-f", "-"], TimeSpan.FromSeconds(30), Ruleset)).EnsureSuccess();
        var configPath = Path.Combine(lab.Directory, "miniupnpd.conf");
        await File.WriteAllTextAsync(configPath, string.Create(CultureInfo.InvariantCulture, $"""
            ext_ifname=wan0
            ext_ip={ReportedExternalAddress}
            listening_ip=lan0
            http_port=5000
            enable_upnp={(upnp ? "yes" : "no")}
            enable_natpmp={(natPmpAndPcp ? "yes" : "no")}
            secure_mode=yes
            upnp_table_name=filter
            upnp_nat_table_name=filter
            upnp_forward_chain=miniupnpd
            upnp_nat_chain=prerouting_miniupnpd
            upnp_nat_postrouting_chain=postrouting_miniupnpd
            uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07b
            allow 1024-65535 10.77.0.0/24 1024-65535
            deny 0-65535 0.0.0.0/0 0-65535

            """));
        var result = new MiniupnpdRouter(router, lanHost, wanHost, configPath);
        result.Start();
        return result;
    }

    public void Start() =>
        // Its own pid file: miniupnpd refuses to start while the default one names a running process (another lab's).
        Daemon = Router.Start("miniupnpd", ["-f", ConfigPath, "-d", "-P", ConfigPath + ".pid"], new LabProcessOptions { Name = "miniupnpd" });

    /// <summary>Stops miniupnpd by its PID (its rules stay, as after a crash).</summary>
    public async Task StopAsync()
    {
        if (Daemon is { } daemon)
        {
            await daemon.StopAsync();
            Daemon = null;
        }
    }

    /// <summary>The mappings `upnpc -l` lists from the LAN host, as a user of the router would see them.</summary>
    public async Task<string> UpnpListAsync() =>
        (await LanHost.RunAsync("upnpc", ["-u", $"http://{LanGateway}:5000/rootDesc.xml", "-l"], TimeSpan.FromSeconds(30))).StdOut;

    /// <summary>The router's nftables DNAT rules, where miniupnpd puts every mapping whatever protocol made it.</summary>
    public async Task<string> NatRulesAsync() =>
        (await Router.RunCheckedAsync("nft", "list", "chain", "inet", "filter", "prerouting_miniupnpd")).StdOut;
}
