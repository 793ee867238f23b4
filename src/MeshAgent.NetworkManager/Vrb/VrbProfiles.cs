using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Turns a <see cref="VrbSpec"/> into the NetworkManager profiles it means (pure). Profile ids are
/// "meshagent-&lt;bridge&gt;" and "meshagent-&lt;bridge&gt;-port-&lt;interface&gt;"; UUIDs come from
/// <see cref="ProfileUuid"/>. Only keys we care about are set; NM fills in the rest.
/// </summary>
public static class VrbProfiles
{
    /// <summary>Every profile id we create starts with this.</summary>
    public const string IdPrefix = "meshagent-";

    /// <summary>connection.type of a bridge.</summary>
    public const string BridgeType = "bridge";

    /// <summary>connection.type of an Ethernet (and veth) port.</summary>
    public const string EthernetType = "802-3-ethernet";

    /// <summary>Profile id of a bridge.</summary>
    public static string BridgeId(string bridge) => IdPrefix + bridge;

    /// <summary>Profile id of a bridge port.</summary>
    public static string PortId(string bridge, string port) => $"{IdPrefix}{bridge}-port-{port}";

    /// <summary>True when <paramref name="settings"/> is a profile we created: our id prefix and the UUID that id derives to.</summary>
    public static bool IsOwned(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Id is { } id && id.StartsWith(IdPrefix, StringComparison.Ordinal)
            && string.Equals(settings.Uuid, ProfileUuid.For(id), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The desired profiles in apply order: per bridge, the bridge then its ports; LAN before ext.</summary>
    public static IReadOnlyList<DesiredProfile> Build(VrbSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var profiles = new List<DesiredProfile>();
        if (spec.Lan is { } lan)
        {
            var ipv4 = lan.Address.IsIPv4;
            profiles.Add(Bridge(
                lan.Bridge,
                lan.Stp,
                ipv4 ? IpSettings("manual", lan.Address) : IpSettings("disabled", null),
                ipv4 ? IpSettings("disabled", null) : IpSettings("manual", lan.Address)));
            profiles.AddRange(lan.Ports.Select(p => Port(lan.Bridge, p)));
        }

        if (spec.Ext is { } ext)
        {
            var (ipv4, ipv6) = ext.Addressing switch
            {
                ExtAddressing.Manual when ext.Address is { IsIPv4: true } a => (IpSettings("manual", a), IpSettings("disabled", null)),
                ExtAddressing.Manual when ext.Address is { } a => (IpSettings("disabled", null), IpSettings("manual", a)),
                ExtAddressing.Manual => throw new ArgumentException($"ext bridge {ext.Bridge}: addressing manual needs an address", nameof(spec)),
                ExtAddressing.Auto => (IpSettings("auto", null), IpSettings("auto", null)),
                _ => (IpSettings("disabled", null), IpSettings("disabled", null)),
            };
            profiles.Add(Bridge(ext.Bridge, stp: false, ipv4, ipv6));
            profiles.AddRange(ext.Ports.Select(p => Port(ext.Bridge, p)));
        }

        var duplicate = profiles.GroupBy(p => p.InterfaceName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"interface {duplicate.Key} appears more than once in the VRB spec", nameof(spec));
        }

        return profiles;
    }

    private static DesiredProfile Bridge(string bridge, bool stp, IReadOnlyList<(string Key, SettingValue Value)> ipv4, IReadOnlyList<(string Key, SettingValue Value)> ipv6)
    {
        var id = BridgeId(bridge);
        var settings = Connection(id, BridgeType, bridge)
            .With("bridge", "stp", SettingValue.Of(stp));
        settings = ipv4.Aggregate(settings.WithSection("ipv4"), (s, kv) => s.With("ipv4", kv.Key, kv.Value));
        settings = ipv6.Aggregate(settings.WithSection("ipv6"), (s, kv) => s.With("ipv6", kv.Key, kv.Value));
        return new DesiredProfile(settings, IsPort: false, bridge);
    }

    private static DesiredProfile Port(string bridge, string port)
    {
        var settings = Connection(PortId(bridge, port), EthernetType, port)
            .With(ConnectionSettings.ConnectionSection, "master", SettingValue.Of(bridge))
            .With(ConnectionSettings.ConnectionSection, "slave-type", SettingValue.Of(BridgeType))
            .WithSection(EthernetType);
        return new DesiredProfile(settings, IsPort: true, bridge);
    }

    private static ConnectionSettings Connection(string id, string type, string interfaceName) =>
        ConnectionSettings.Empty
            .With(ConnectionSettings.ConnectionSection, "id", SettingValue.Of(id))
            .With(ConnectionSettings.ConnectionSection, "uuid", SettingValue.Of(ProfileUuid.For(id)))
            .With(ConnectionSettings.ConnectionSection, "type", SettingValue.Of(type))
            .With(ConnectionSettings.ConnectionSection, "interface-name", SettingValue.Of(interfaceName))
            .With(ConnectionSettings.ConnectionSection, "autoconnect", SettingValue.Of(true));

    private static List<(string Key, SettingValue Value)> IpSettings(string method, InterfaceAddress? address)
    {
        var values = new List<(string, SettingValue)> { ("method", SettingValue.Of(method)) };
        if (address is { } a)
        {
            values.Add(("address-data", new AddressDataSettingValue([new AddressData(a.Address.ToString(), (uint)a.PrefixLength)])));
        }

        return values;
    }
}

/// <summary>One profile the spec asks for.</summary>
/// <param name="Settings">The keys we set.</param>
/// <param name="IsPort">True for a bridge port, false for the bridge itself.</param>
/// <param name="Bridge">The bridge it belongs to.</param>
public sealed record DesiredProfile(ConnectionSettings Settings, bool IsPort, string Bridge)
{
    /// <summary>connection.uuid.</summary>
    public string Uuid => Settings.Uuid!;

    /// <summary>connection.id.</summary>
    public string Id => Settings.Id!;

    /// <summary>connection.interface-name.</summary>
    public string InterfaceName => Settings.InterfaceName!;
}
