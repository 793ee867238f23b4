namespace MeshAgent.Core.Tests.Configuration;

public sealed class ThreeMistakesTests
{
    private static readonly string[] ThreeProblems =
    [
        "agent.yaml:5:16: mesh.listen_port: 70000 is out of range 1-65535",
        "agent.yaml:11:17: mesh.hubs[0].endpoint: '2001:db8::10:51820' is not host:port (an IPv6 address goes in brackets: [2001:db8::1]:51820)",
        "agent.yaml:18:5: vrb.lan.portz: unknown key 'portz'; did you mean 'ports'?",
    ];

    private static readonly string[] OnePathPerSection =
    [
        "node.name", "http.listen", "mesh.mtu", "gossip.port", "authority.public_key", "vrb.lan.bridge", "dns_dhcp.domain", "nat.port_mapping", "extra",
    ];

    [Test]
    public void Parse_ThreeDifferentMistakes_PrintsAllThreeWithPathsInFileOrder()
    {
        const string yaml = """
            node:
              name: hub-1
            mesh:
              prefix: 10.10.11.0/24
              listen_port: 70000
              role: hub
              endpoint: "203.0.113.10:51820"
              hubs:
                - name: hub-1
                  public_key: "XZlHeaeWw7rIg+EnXkVkP8EMg7U35WT/4v2YXmguytA="
                  endpoint: "2001:db8::10:51820"
                  address: 10.10.11.1
            vrb:
              lan:
                bridge: br0
                address: 10.10.10.1/24
                stp: false
                portz: [enp2s0]
            """;

        var problems = TestConfig.Problems(yaml);

        Assert.That(problems, Is.EqualTo(ThreeProblems));
    }

    [Test]
    public void Parse_ProblemInEverySection_ReportsEachOnce()
    {
        const string yaml = """
            node: { name: "-bad" }
            http: { listen: "127.0.0.1:0" }
            mesh: { prefix: 10.10.11.0/24, role: hub, endpoint: "203.0.113.10:51820", mtu: 9 }
            gossip: { port: 65536 }
            authority: { public_key: "short" }
            vrb: { lan: { bridge: "br 0" } }
            dns_dhcp: { interfaces: [br0], domain: "lan." }
            nat: { port_mapping: maybe }
            extra: 1
            """;

        var problems = TestConfig.Problems(yaml);

        Assert.That(problems.Select(p => p.Split(": ")[1]), Is.EqualTo(OnePathPerSection), () => string.Join("\n", problems));
    }
}
