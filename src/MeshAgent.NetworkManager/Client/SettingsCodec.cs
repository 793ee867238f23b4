using MeshAgent.DBus;
using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// Converts between <see cref="ConnectionSettings"/> and the <c>a{sa{sv}}</c> D-Bus value NM exchanges.
/// Types we model become typed values; the rest stay <see cref="OpaqueSettingValue"/> holding the
/// <see cref="DBusValue"/> and go back unchanged. Pure.
/// </summary>
internal static class SettingsCodec
{
    /// <summary>Decodes NM's settings; throws <see cref="DBusTypeMismatchException"/> when it is not <c>a{sa{sv}}</c>.</summary>
    public static ConnectionSettings Decode(DBusValue value)
    {
        var settings = ConnectionSettings.Empty;
        foreach (var (section, values) in value.AsSettingsMap())
        {
            settings = settings.WithSection(section);
            foreach (var (key, item) in values)
            {
                settings = settings.With(section, key, DecodeValue(item));
            }
        }

        return settings;
    }

    /// <summary>Encodes settings as <c>a{sa{sv}}</c>.</summary>
    public static DBusValue Encode(ConnectionSettings settings) =>
        DBusValue.SettingsMap(settings.SectionNames.Select(section =>
            new KeyValuePair<string, IEnumerable<KeyValuePair<string, DBusValue>>>(
                section,
                settings.Section(section).Select(kv => new KeyValuePair<string, DBusValue>(kv.Key, EncodeValue(kv.Value))).ToList())));

    internal static SettingValue DecodeValue(DBusValue value)
    {
        switch (value.Signature)
        {
            case "s":
                return SettingValue.Of(value.AsString());
            case "b":
                return SettingValue.Of(value.AsBoolean());
            case "u":
                return SettingValue.Of(value.AsUInt32());
            case "i":
                return SettingValue.Of(value.AsInt32());
            case "aa{sv}":
                var entries = value.AsArray().Select(e => e.AsPropertyMap()).ToList();
                if (entries.All(e => e.Count == 2
                    && e.TryGetValue("address", out var a) && a.Signature == "s"
                    && e.TryGetValue("prefix", out var p) && p.Signature == "u"))
                {
                    return new AddressDataSettingValue(entries.Select(e => new AddressData(e["address"].AsString(), e["prefix"].AsUInt32())).ToList());
                }

                break;
        }

        return new OpaqueSettingValue(value.Signature, value, value.ToString());
    }

    internal static DBusValue EncodeValue(SettingValue value) => value switch
    {
        StringSettingValue s => DBusValue.String(s.Value),
        BooleanSettingValue b => DBusValue.Boolean(b.Value),
        UInt32SettingValue u => DBusValue.UInt32(u.Value),
        Int32SettingValue i => DBusValue.Int32(i.Value),
        AddressDataSettingValue a => DBusValue.Array(
            DBusType.DictionaryOf(DBusType.String, DBusType.Variant),
            a.Addresses.Select(x => DBusValue.PropertyMap(
            [
                new("address", DBusValue.String(x.Address)),
                new("prefix", DBusValue.UInt32(x.Prefix)),
            ]))),
        OpaqueSettingValue { Raw: DBusValue raw } => raw,
        _ => throw new ArgumentException($"cannot send a {value.GetType().Name} ({value.Signature}) over D-Bus", nameof(value)),
    };
}
