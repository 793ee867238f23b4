namespace MeshAgent.Core.Tests.Configuration;

/// <summary>
/// One mistake per case, with the exact line it must print. The mesh cases add one line (line 5) to a
/// valid hub section, so the position of each problem is known.
/// </summary>
public sealed class ValidationTableTests
{
    private const string Hub = "mesh:\n  prefix: 10.10.11.0/24\n  role: hub\n  endpoint: \"203.0.113.10:51820\"\n";
    private const string Key = "XZlHeaeWw7rIg+EnXkVkP8EMg7U35WT/4v2YXmguytA=";
    private const string Lan = "vrb:\n  lan: { bridge: br0, address: 10.10.10.1/24 }\ndns_dhcp:\n  interfaces: [br0]\n";

    private static IEnumerable<TestCaseData> Mistakes()
    {
        // Ranges and types of numbers.
        yield return Case("port too big", Hub + "  listen_port: 70000", "agent.yaml:5:16: mesh.listen_port: 70000 is out of range 1-65535");
        yield return Case("port zero", Hub + "  listen_port: 0", "agent.yaml:5:16: mesh.listen_port: 0 is out of range 1-65535");
        yield return Case("quoted port", Hub + "  listen_port: \"51820\"", "agent.yaml:5:16: mesh.listen_port: expected an integer without quotes, got '51820'");
        yield return Case("port not a number", Hub + "  listen_port: abc", "agent.yaml:5:16: mesh.listen_port: expected an integer, got 'abc'");
        yield return Case("port is a list", Hub + "  listen_port: [1]", "agent.yaml:5:16: mesh.listen_port: expected an integer, got a list");
        yield return Case("mtu too small", Hub + "  mtu: 1000", "agent.yaml:5:8: mesh.mtu: 1000 is out of range 1280-65535");
        yield return Case("mtu too big", Hub + "  mtu: 65536", "agent.yaml:5:8: mesh.mtu: 65536 is out of range 1280-65535");

        // Interface names.
        yield return Case("interface name too long", Hub + "  interface: wireguard-mesh-0",
            "agent.yaml:5:14: mesh.interface: interface name 'wireguard-mesh-0' is 16 characters, at most 15 are allowed");
        yield return Case("interface name with slash", Hub + "  interface: wg/0",
            "agent.yaml:5:14: mesh.interface: interface name 'wg/0' contains '/', which is not allowed");
        yield return Case("interface name with space", Hub + "  interface: \"wg 0\"",
            "agent.yaml:5:14: mesh.interface: interface name 'wg 0' contains a space, which is not allowed");
        yield return Case("interface name dot dot", Hub + "  interface: \"..\"", "agent.yaml:5:14: mesh.interface: '..' is not a valid interface name");
        yield return Case("interface name empty", Hub + "  interface: \"\"", "agent.yaml:5:14: mesh.interface: an interface name cannot be empty");

        // Enums and unknown keys with "did you mean".
        yield return Case("role misspelt", Hub.Replace("role: hub", "role: hbu", StringComparison.Ordinal),
            "agent.yaml:3:9: mesh.role: 'hbu' is not one of hub, spoke; did you mean 'hub'?");
        yield return Case("backend misspelt", Hub + "  backend: kernal", "agent.yaml:5:12: mesh.backend: 'kernal' is not one of auto, kernel, userspace; did you mean 'kernel'?");
        yield return Case("backend unknown", Hub + "  backend: ebpf", "agent.yaml:5:12: mesh.backend: 'ebpf' is not one of auto, kernel, userspace");
        yield return Case("key misspelt", Hub + "  listen_prot: 51820", "agent.yaml:5:3: mesh.listen_prot: unknown key 'listen_prot'; did you mean 'listen_port'?");
        yield return Case("key unknown", Hub + "  colour: blue", "agent.yaml:5:3: mesh.colour: unknown key 'colour'");
        yield return Case("section misspelt", "mseh:\n  prefix: 10.10.11.0/24", "agent.yaml:1:1: mseh: unknown key 'mseh'; did you mean 'mesh'?");
        yield return Case("preset misspelt", "gossip:\n  preset: lann", "agent.yaml:2:11: gossip.preset: 'lann' is not one of lan, wan, local; did you mean 'lan'?");
        yield return Case("port_mapping misspelt", "nat:\n  port_mapping: of", "agent.yaml:2:17: nat.port_mapping: 'of' is not one of auto, off; did you mean 'off'?");
        yield return Case("addressing misspelt", "vrb:\n  lan: { bridge: br0, addressing: manul }",
            "agent.yaml:2:35: vrb.lan.addressing: 'manul' is not one of manual, auto, none; did you mean 'manual'?");

        // Addresses, CIDRs, endpoints.
        yield return Case("prefix with host bits", Hub.Replace("10.10.11.0/24", "10.10.11.1/24", StringComparison.Ordinal),
            "agent.yaml:2:11: mesh.prefix: '10.10.11.1/24' has host bits set; did you mean 10.10.11.0/24?");
        yield return Case("prefix without length", Hub.Replace("10.10.11.0/24", "10.10.11.0", StringComparison.Ordinal),
            "agent.yaml:2:11: mesh.prefix: '10.10.11.0' has no prefix length; write it as a CIDR like 10.10.11.0/24");
        yield return Case("prefix length too long", Hub.Replace("10.10.11.0/24", "10.10.11.0/33", StringComparison.Ordinal),
            "agent.yaml:2:11: mesh.prefix: '10.10.11.0/33' has an invalid prefix length (0-32)");
        yield return Case("prefix missing", "mesh:\n  role: hub\n  endpoint: \"203.0.113.10:51820\"",
            "agent.yaml:1:1: mesh.prefix: is required (a CIDR like 10.10.11.0/24)");
        yield return Case("ipv6 prefix in prefix", Hub.Replace("10.10.11.0/24", "\"fd00:10::/64\"", StringComparison.Ordinal),
            "agent.yaml:2:11: mesh.prefix: fd00:10::/64 is not IPv4; an IPv6 mesh prefix goes in mesh.prefix_v6");
        yield return Case("ipv4 prefix_v6", Hub + "  prefix_v6: 10.10.12.0/24", "agent.yaml:5:14: mesh.prefix_v6: 10.10.12.0/24 is not an IPv6 prefix");
        yield return Case("ipv6 mesh address", Hub + "  address: \"fd00:10::1/64\"", "agent.yaml:5:12: mesh.address: fd00:10::1/64 is not IPv4 (the mesh address is IPv4, inside mesh.prefix)");
        yield return Case("lan overlaps mesh", Hub + "vrb:\n  lan: { bridge: br0, address: 10.10.11.254/24 }", "agent.yaml:6:32: vrb.lan.address: subnet 10.10.11.0/24 overlaps mesh.prefix 10.10.11.0/24");
        yield return Case("join token form", Hub + "authority: { public_key: \"" + Key + "\" }\njoin: { token: \"abc\" }",
            "agent.yaml:6:16: join.token: is not a meshagent join token (those start with mtk1., as meshctl token prints them)");
        yield return Case("short ipv4", Hub + "  address: 10.1/24", "agent.yaml:5:12: mesh.address: '10.1' in '10.1/24' is not an IP address");
        yield return Case("address outside prefix", Hub + "  address: 10.10.12.1/24", "agent.yaml:5:12: mesh.address: 10.10.12.1/24 is outside mesh.prefix 10.10.11.0/24");
        yield return Case("address wider than prefix", Hub + "  address: 10.10.11.1/16", "agent.yaml:5:12: mesh.address: 10.10.11.1/16 covers more than mesh.prefix 10.10.11.0/24; use /24 or longer");
        yield return Case("address is network address", Hub + "  address: 10.10.11.0/24", "agent.yaml:5:12: mesh.address: '10.10.11.0/24' is the network address of its subnet, not a host address");
        yield return Case("ipv6 endpoint without brackets", Hub.Replace("\"203.0.113.10:51820\"", "\"2001:db8::1\"", StringComparison.Ordinal),
            "agent.yaml:4:13: mesh.endpoint: IPv6 address '2001:db8::1' must be written in brackets with a port, like [2001:db8::1]:51820");
        yield return Case("endpoint without port", Hub.Replace("\"203.0.113.10:51820\"", "203.0.113.10", StringComparison.Ordinal),
            "agent.yaml:4:13: mesh.endpoint: '203.0.113.10' has no port; write host:port");
        yield return Case("endpoint port out of range", Hub.Replace("51820", "99999", StringComparison.Ordinal),
            "agent.yaml:4:13: mesh.endpoint: port '99999' in '203.0.113.10:99999' is not in range 1-65535");
        yield return Case("endpoint bad host", Hub.Replace("203.0.113.10", "hub_1.example.com", StringComparison.Ordinal),
            "agent.yaml:4:13: mesh.endpoint: 'hub_1.example.com' is neither an IP address nor a host name");
        yield return Case("endpoint bad ipv4", Hub.Replace("203.0.113.10", "203.0.113.300", StringComparison.Ordinal),
            "agent.yaml:4:13: mesh.endpoint: '203.0.113.300' is not a valid IPv4 address");
        yield return Case("hub without endpoint", "mesh:\n  prefix: 10.10.11.0/24\n  role: hub",
            "agent.yaml:1:1: mesh.endpoint: is required when role is hub (the public host:port other nodes reach this hub at)");
        yield return Case("spoke without hubs", "mesh:\n  prefix: 10.10.11.0/24", "agent.yaml:1:1: mesh.hubs: a spoke needs at least one hub (or authority.public_key, to learn its hubs from the Genesis beacon)");
        yield return Case("listen needs an address", "http:\n  listen: \"localhost:9473\"", "agent.yaml:2:11: http.listen: 'localhost' is not an IP address");
        yield return Case("listen needs a port", "http:\n  listen: 127.0.0.1", "agent.yaml:2:11: http.listen: '127.0.0.1' has no port; write host:port");

        // Hubs.
        yield return Case("hub key not base64", Hub + "  hubs:\n    - { name: hub-1, public_key: \"abc\", endpoint: \"203.0.113.10:51820\", address: 10.10.11.1 }",
            "agent.yaml:6:34: mesh.hubs[0].public_key: is not a key: expected 44 characters of base64 encoding 32 bytes (as 'wg pubkey' prints)");
        yield return Case("hub field missing", Hub + "  hubs:\n    - name: hub-1\n      public_key: \"" + Key + "\"\n      address: 10.10.11.1",
            "agent.yaml:6:7: mesh.hubs[0].endpoint: is required (host:port)");
        yield return Case("hub address outside prefix", Hub + "  hubs:\n    - { name: hub-1, public_key: \"" + Key + "\", endpoint: \"hub.example.com:51820\", address: 10.10.99.1 }",
            "agent.yaml:6:126: mesh.hubs[0].address: 10.10.99.1 is outside mesh.prefix 10.10.11.0/24");
        yield return Case("hubs not a list", Hub + "  hubs: hub-1", "agent.yaml:5:9: mesh.hubs: expected a list, got 'hub-1'");
        yield return Case("hub item not a mapping", Hub + "  hubs: [hub-1]", "agent.yaml:5:10: mesh.hubs[0]: expected a mapping of keys, got a single value");

        // Durations.
        yield return Case("duration without unit", Hub + "  direct_path_timeout: 10", "agent.yaml:5:24: mesh.direct_path_timeout: '10' has no unit; write e.g. 10s (units d, h, m, s, ms)");
        yield return Case("duration zero", Hub + "  direct_path_timeout: 0s", "agent.yaml:5:24: mesh.direct_path_timeout: 0s must be greater than 0");
        yield return Case("duration unknown unit", Hub + "  direct_path_timeout: 10sec", "agent.yaml:5:24: mesh.direct_path_timeout: '10sec' has an unknown unit 'sec'; units are d, h, m, s, ms");
        yield return Case("duration negative", Hub + "  direct_path_timeout: -5s", "agent.yaml:5:24: mesh.direct_path_timeout: '-5s' is not a duration; write e.g. 60s, 500ms, 1h30m (units d, h, m, s, ms)");
        yield return Case("keepalive fraction", Hub + "  persistent_keepalive: 1500ms", "agent.yaml:5:25: mesh.persistent_keepalive: 1500ms must be whole seconds (WireGuard counts keepalive in seconds)");
        yield return Case("keepalive too long", Hub + "  persistent_keepalive: 1d", "agent.yaml:5:25: mesh.persistent_keepalive: 1d is out of range 1s-18h12m15s (or off)");
        yield return Case("lease too short", Lan + "  dhcp: { ranges: [\"10.10.10.100-10.10.10.200\"], lease_time: 1m }",
            "agent.yaml:5:62: dns_dhcp.dhcp.lease_time: 1m is out of range 2m-3650d");

        // Booleans and section shapes.
        yield return Case("yes is not a boolean", "vrb:\n  lan: { bridge: br0, stp: yes }", "agent.yaml:2:28: vrb.lan.stp: expected true or false, got 'yes'");
        yield return Case("quoted boolean", "vrb:\n  lan: { bridge: br0, stp: \"true\" }", "agent.yaml:2:28: vrb.lan.stp: expected true or false without quotes, got 'true'");
        yield return Case("section is a list", "mesh: [1, 2]", "agent.yaml:1:7: mesh: expected a mapping of keys, got a list");
        yield return Case("document is a list", "- 1", "agent.yaml:1:1: expected a mapping of keys, got a list");

        // Node and paths.
        yield return Case("node name with underscore", "node: { name: hub_1 }", "agent.yaml:1:15: node.name: 'hub_1' contains '_'; a DNS label has only letters, digits and '-'");
        yield return Case("relative state dir", "node: { state_dir: var/lib }", "agent.yaml:1:20: node.state_dir: 'var/lib' is not an absolute path (must start with '/')");
        yield return Case("relative userspace binary", Hub + "  userspace_binary: bin/wireguard-go", "agent.yaml:5:21: mesh.userspace_binary: 'bin/wireguard-go' must be an absolute path or a bare program name looked up in PATH");

        // Gossip, authority, join.
        yield return Case("gossip join bad", "gossip:\n  join: [\"[::1\"]", "agent.yaml:2:10: gossip.join[0]: '[::1' has no closing ']'");
        yield return Case("gossip advertise wildcard", "gossip:\n  advertise: 0.0.0.0", "agent.yaml:2:14: gossip.advertise: cannot advertise the wildcard address 0.0.0.0");
        yield return Case("gossip relative key file", "gossip:\n  key_file: gossip.key", "agent.yaml:2:13: gossip.key_file: 'gossip.key' is not an absolute path (must start with '/')");
        yield return Case("authority key missing", "authority:\n  key_file: /etc/meshagent/authority.key", "agent.yaml:1:1: authority.public_key: is required (a base64 key)");
        yield return Case("join without mesh", "authority: { public_key: \"" + Key + "\" }\njoin: { token: mtk1.abc }", "agent.yaml:2:1: join: needs a mesh section: joining admits this node to the mesh");
        yield return Case("join token with space", Hub + "authority: { public_key: \"" + Key + "\" }\njoin: { token: \"mtk1.ab cd\" }", "agent.yaml:6:16: join.token: contains white space or control characters");

        // VRB.
        yield return Case("manual without address", "vrb:\n  lan: { bridge: br0, addressing: manual }", "agent.yaml:2:3: vrb.lan.address: is required when addressing is manual");
        yield return Case("address with addressing none", "vrb:\n  lan: { bridge: br0, address: 10.10.10.1/24, addressing: none }",
            "agent.yaml:2:32: vrb.lan.address: is set but addressing is none; remove it or use addressing: manual");
        yield return Case("bridge missing", "vrb:\n  lan: { ports: [eth0] }", "agent.yaml:2:3: vrb.lan.bridge: is required (an interface name)");
        yield return Case("port used twice", "vrb:\n  lan: { bridge: br0, ports: [eth0] }\n  ext: { bridge: br1, ports: [eth0] }",
            "agent.yaml:3:31: vrb.ext.ports[0]: interface 'eth0' is already used by vrb.lan.ports[0]");
        yield return Case("bridge named like the mesh interface", Hub + "vrb:\n  lan: { bridge: wg0 }", "agent.yaml:6:18: vrb.lan.bridge: interface 'wg0' is already used by mesh.interface");
        yield return Case("connectivity target misspelt", "vrb:\n  lan: { bridge: br0 }\n  connectivity_target: gatway",
            "agent.yaml:3:24: vrb.connectivity_target: 'gatway' is not gateway, none, nm or an IP address; did you mean 'gateway'?");
        yield return Case("rollback fraction", "vrb:\n  lan: { bridge: br0 }\n  rollback_timeout: 2500ms",
            "agent.yaml:3:21: vrb.rollback_timeout: must be whole seconds (NetworkManager checkpoints count seconds)");
        yield return Case("empty vrb", "vrb:\n  rollback_timeout: 60s", "agent.yaml:1:1: vrb: has neither lan nor ext; remove the section or add a bridge");

        // DNS and DHCP.
        yield return Case("interfaces missing", "dns_dhcp:\n  domain: lan", "agent.yaml:1:1: dns_dhcp.interfaces: is required (the interfaces dnsmasq serves, e.g. [br0])");
        yield return Case("range outside the bridge subnet", Lan + "  dhcp: { ranges: [\"10.10.20.100-10.10.20.200\"] }",
            "agent.yaml:5:20: dns_dhcp.dhcp.ranges[0]: 10.10.20.100-10.10.20.200 is not inside the subnet of br0 (10.10.10.0/24)");
        yield return Case("range over the bridge address", Lan + "  dhcp: { ranges: [\"10.10.10.1-10.10.10.50\"] }",
            "agent.yaml:5:20: dns_dhcp.dhcp.ranges[0]: 10.10.10.1-10.10.10.50 includes br0's own address 10.10.10.1");
        yield return Case("range over broadcast", Lan + "  dhcp: { ranges: [\"10.10.10.100-10.10.10.255\"] }",
            "agent.yaml:5:20: dns_dhcp.dhcp.ranges[0]: 10.10.10.100-10.10.10.255 includes the broadcast address 10.10.10.255");
        yield return Case("range reversed", Lan + "  dhcp: { ranges: [\"10.10.10.200-10.10.10.100\"] }",
            "agent.yaml:5:20: dns_dhcp.dhcp.ranges[0]: '10.10.10.200-10.10.10.100' starts after it ends");
        yield return Case("range empty list", Lan + "  dhcp: { ranges: [] }",
            "agent.yaml:5:19: dns_dhcp.dhcp.ranges: needs at least one range like 10.10.10.100-10.10.10.200");
        yield return Case("reservation outside subnet", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee:ff\", address: 10.10.11.5 }",
            "agent.yaml:8:46: dns_dhcp.dhcp.reservations[0].address: 10.10.11.5 is not inside the subnet of br0 (10.10.10.0/24)");
        yield return Case("reservation duplicate mac", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee:ff\", address: 10.10.10.5 }\n      - { mac: \"AA-BB-CC-DD-EE-FF\", address: 10.10.10.6 }",
            "agent.yaml:9:16: dns_dhcp.dhcp.reservations[1].mac: the same MAC address as dns_dhcp.dhcp.reservations[0]");
        yield return Case("reservation duplicate address", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee:01\", address: 10.10.10.5 }\n      - { mac: \"aa:bb:cc:dd:ee:02\", address: 10.10.10.5 }",
            "agent.yaml:9:46: dns_dhcp.dhcp.reservations[1].address: the same address as dns_dhcp.dhcp.reservations[0]");
        yield return Case("reservation bad mac", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee\", address: 10.10.10.5 }",
            "agent.yaml:8:16: dns_dhcp.dhcp.reservations[0].mac: 'aa:bb:cc:dd:ee' is not a MAC address like aa:bb:cc:dd:ee:ff");
        yield return Case("reservation name with comma", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee:ff\", address: 10.10.10.5, name: \"a,b\" }",
            "agent.yaml:8:64: dns_dhcp.dhcp.reservations[0].name: 'a,b' contains ','; a DNS label has only letters, digits and '-'");
        yield return Case("reservation name injects a dnsmasq line", Lan + "  dhcp:\n    ranges: [\"10.10.10.100-10.10.10.200\"]\n    reservations:\n      - { mac: \"aa:bb:cc:dd:ee:ff\", address: 10.10.10.5, name: \"x\\naddress=/bank.example/192.0.2.66\" }",
            "agent.yaml:8:64: dns_dhcp.dhcp.reservations[0].name: 'x\\naddress=/bank.example/192.0.2.66' contains a newline; a DNS label has only letters, digits and '-'");
        yield return Case("host name with equals", Lan + "  hosts:\n    - { address: 10.10.10.2, names: [\"sw=1\"] }",
            "agent.yaml:6:38: dns_dhcp.hosts[0].names[0]: 'sw=1' contains '='; a DNS label has only letters, digits and '-'");
        yield return Case("host name with space", Lan + "  hosts:\n    - { address: 10.10.10.2, names: [\"my switch\"] }",
            "agent.yaml:6:38: dns_dhcp.hosts[0].names[0]: 'my switch' contains a space; a DNS label has only letters, digits and '-'");
        yield return Case("host without names", Lan + "  hosts:\n    - { address: 10.10.10.2 }",
            "agent.yaml:6:7: dns_dhcp.hosts[0].names: needs at least one name");
        yield return Case("mesh domain equals domain", Lan + "  mesh_domain: lan", "agent.yaml:5:16: dns_dhcp.mesh_domain: must differ from dns_dhcp.domain ('lan')");
        yield return Case("upstream not an address", Lan + "  upstream: [dns.google]", "agent.yaml:5:14: dns_dhcp.upstream[0]: 'dns.google' is not an IP address");

        // YAML structure.
        yield return Case("duplicate key", Hub + "  role: spoke", "agent.yaml:5:3: mesh.role: duplicate key 'role' (first at line 3)");
        yield return Case("unclosed flow list", "mesh:\n  prefix: [10.10.11.0/24\nnode: {}",
            "agent.yaml:2:11: YAML syntax error: malformed YAML after this point (an unclosed '[', '{' or quote?)");
        yield return Case("bad indentation", "node:\n  name: a\n bad: b", "agent.yaml:3:2: YAML syntax error: While parsing a block mapping, did not find expected key");
        yield return Case("unclosed quote", "node:\n  name: \"a\nhttp: {}", "agent.yaml:2:9: YAML syntax error: While scanning a multi-line double-quoted scalar, found wrong indentation");
        yield return Case("tab indentation", "node:\n\tname: a", "agent.yaml:1:1: YAML syntax error: While scanning a mapping, found invalid tab as indentation");
        yield return Case("two documents", "node: {}\n---\nnode: {}", "agent.yaml:2:1: a configuration file holds one YAML document, found a second one");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void Parse_OneMistake_PrintsExactlyThatProblem(string yaml, string expected)
    {
        var problems = TestConfig.Problems(yaml);

        Assert.That(problems, Is.EqualTo(new[] { expected }));
    }

    private static TestCaseData Case(string name, string yaml, string expected) =>
        new TestCaseData(yaml, expected).SetArgDisplayNames(name);
}
