namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "firewall" section.</summary>
internal static class FirewallSectionReader
{
    private static readonly ValueParser<FirewallBackend> Backend = ValueParsers.Enum(new Dictionary<string, FirewallBackend>(StringComparer.Ordinal)
    {
        ["auto"] = FirewallBackend.Auto,
        ["nftables"] = FirewallBackend.Nftables,
        ["firewalld"] = FirewallBackend.Firewalld,
    });

    private static readonly ValueParser<FirewallForward> Forward = ValueParsers.Enum(new Dictionary<string, FirewallForward>(StringComparer.Ordinal)
    {
        ["auto"] = FirewallForward.Auto,
        ["on"] = FirewallForward.On,
        ["off"] = FirewallForward.Off,
    });

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static FirewallConfig Read(MappingReader reader)
    {
        var defaults = new FirewallConfig();
        return new FirewallConfig
        {
            Backend = reader.Value("backend", Backend, defaults.Backend),
            DropOtherInput = reader.Value("drop_other_input", ValueParsers.Bool, defaults.DropOtherInput),
            AllowTcpPorts = reader.List("allow_tcp_ports", ValueParsers.Port, defaults.AllowTcpPorts),
            TrustedInterfaces = reader.Has("trusted_interfaces") ? reader.List("trusted_interfaces", ValueParsers.InterfaceName, []) : null,
            Forward = reader.Value("forward", Forward, defaults.Forward),
            Masquerade = reader.List("masquerade", ValueParsers.InterfaceName, defaults.Masquerade),
            MssClamp = reader.Value("mss_clamp", ValueParsers.Bool, defaults.MssClamp),
            Zone = reader.Value("zone", ValueParsers.Text, defaults.Zone),
            Permanent = reader.Value("permanent", ValueParsers.Bool, defaults.Permanent),
        };
    }
}
