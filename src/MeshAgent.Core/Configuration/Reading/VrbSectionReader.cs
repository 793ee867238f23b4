using System.Net;
using MeshAgent.Core.Configuration.Values;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>Reads the "vrb" section; cross-field rules in <see cref="Validation.VrbValidator"/>.</summary>
internal static class VrbSectionReader
{
    /// <summary>NetworkManager checkpoint rollback timeouts are whole seconds.</summary>
    private static readonly ValueParser<TimeSpan> RollbackTimeout =
        ValueParsers.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(24))
            .Where(t => t.Ticks % TimeSpan.TicksPerSecond == 0 ? null : "must be whole seconds (NetworkManager checkpoints count seconds)");

    private static readonly ValueParser<ConnectivityTarget> Target = new("gateway | none | nm | an IP address", (ConfigScalar s, out ConnectivityTarget v) =>
    {
        v = s.Value switch
        {
            "gateway" => ConnectivityTarget.Gateway,
            "none" => ConnectivityTarget.None,
            "nm" => ConnectivityTarget.NetworkManager,
            _ => null!,
        };
        if (v is not null)
        {
            return null;
        }

        if (IPText.TryParseAddress(s.Value, out var address))
        {
            v = new ConnectivityTarget(ConnectivityTargetKind.Address, address);
            return null;
        }

        var suggestion = NearMiss.Suggest(s.Value, ["gateway", "none", "nm"]);
        var hint = suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
        return $"'{Printable.Escape(s.Value)}' is not gateway, none, nm or an IP address{hint}";
    });

    /// <summary>Reads <paramref name="reader"/>.</summary>
    public static VrbConfig Read(MappingReader reader)
    {
        var defaults = new VrbConfig();
        return new VrbConfig
        {
            Lan = ReadBridge(reader.Section("lan")),
            Ext = ReadBridge(reader.Section("ext")),
            RollbackTimeout = reader.Value("rollback_timeout", RollbackTimeout, defaults.RollbackTimeout),
            ConnectivityTarget = reader.Value("connectivity_target", Target, defaults.ConnectivityTarget),
        };
    }

    private static BridgeConfig? ReadBridge(MappingReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        var address = reader.Optional("address", ValueParsers.InterfaceAddress);
        var hasAddress = address is not null || !reader.Context.IsClean(reader.PathOf("address"));
        var bridge = new BridgeConfig
        {
            Bridge = reader.Required("bridge", ValueParsers.InterfaceName, string.Empty),
            Address = address,
            Addressing = reader.Value("addressing", ConfigEnums.Addressing, hasAddress ? BridgeAddressing.Manual : BridgeAddressing.None),
            Stp = reader.Value("stp", ValueParsers.Bool, false),
            Ports = reader.List("ports", ValueParsers.InterfaceName, []),
        };
        reader.Finish();
        return bridge;
    }
}
