using MeshAgent.NetworkManager.Settings;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// Converts between <see cref="ConnectionSettings"/> and the <c>a{sa{sv}}</c> NM exchanges. The wire format is
/// Tmds.DBus.Protocol's (its <see cref="Reader"/> and <see cref="MessageWriter"/>); what we decode ourselves is
/// the step from its <see cref="VariantValue"/>s into our model. Types we model become typed values; the rest
/// stay <see cref="OpaqueSettingValue"/> holding the <see cref="VariantValue"/> and go back unchanged. Pure.
/// </summary>
internal static class SettingsCodec
{
    /// <summary>The D-Bus signature of a settings map.</summary>
    public const string Signature = "a{sa{sv}}";

    /// <summary>Reads <c>a{sa{sv}}</c> at the reader's position (the library throws DBusReadException on a malformed body).</summary>
    public static ConnectionSettings Read(ref Reader reader)
    {
        var sections = new List<KeyValuePair<string, Dictionary<string, VariantValue>>>();
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            var section = reader.ReadString();
            sections.Add(new(section, reader.ReadDictionaryOfStringToVariantValue()));
        }

        return Decode(sections);
    }

    /// <summary>
    /// Decodes sections of values into our model; throws <see cref="SettingsFormatException"/> for what NM never
    /// sends (empty section or key names, a value without a type). Later duplicates of a key win, as in NM.
    /// </summary>
    public static ConnectionSettings Decode(IEnumerable<KeyValuePair<string, Dictionary<string, VariantValue>>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var settings = ConnectionSettings.Empty;
        foreach (var (section, values) in sections)
        {
            if (string.IsNullOrEmpty(section))
            {
                throw new SettingsFormatException("a settings section without a name");
            }

            settings = settings.WithSection(section);
            foreach (var (key, item) in values)
            {
                if (string.IsNullOrEmpty(key))
                {
                    throw new SettingsFormatException($"a key without a name in section {section}");
                }

                settings = settings.With(section, key, DecodeValue(item));
            }
        }

        return settings;
    }

    /// <summary>Writes <paramref name="settings"/> as <c>a{sa{sv}}</c>.</summary>
    public static void Write(ref MessageWriter writer, ConnectionSettings settings)
    {
        var sections = writer.WriteDictionaryStart();
        foreach (var section in settings.SectionNames)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(section);
            var values = writer.WriteDictionaryStart();
            foreach (var (key, value) in settings.Section(section))
            {
                writer.WriteDictionaryEntryStart();
                writer.WriteString(key);
                WriteValue(ref writer, value);
            }

            writer.WriteDictionaryEnd(values);
        }

        writer.WriteDictionaryEnd(sections);
    }

    internal static SettingValue DecodeValue(VariantValue value)
    {
        // Not unwrapped: a variant inside the variant (never seen from NM) stays opaque and goes back as it came.
        switch (value.Type)
        {
            case VariantValueType.Invalid:
                throw new SettingsFormatException("a setting value without a type");
            case VariantValueType.String:
                return SettingValue.Of(value.GetString());
            case VariantValueType.Bool:
                return SettingValue.Of(value.GetBool());
            case VariantValueType.UInt32:
                return SettingValue.Of(value.GetUInt32());
            case VariantValueType.Int32:
                return SettingValue.Of(value.GetInt32());
            case VariantValueType.Array when value.ItemType == VariantValueType.Dictionary && value.Count > 0:
                if (TryDecodeAddressData(value) is { } addresses)
                {
                    return addresses;
                }

                break;
        }

        return new OpaqueSettingValue(VariantSignature.Of(value), value, value.ToString());
    }

    internal static void WriteValue(ref MessageWriter writer, SettingValue value)
    {
        switch (value)
        {
            case StringSettingValue s:
                writer.WriteVariantString(s.Value);
                break;
            case BooleanSettingValue b:
                writer.WriteVariantBool(b.Value);
                break;
            case UInt32SettingValue u:
                writer.WriteVariantUInt32(u.Value);
                break;
            case Int32SettingValue i:
                writer.WriteVariantInt32(i.Value);
                break;
            case AddressDataSettingValue a:
                writer.WriteSignature(a.Signature);
                var array = writer.WriteArrayStart(DBusType.Array);
                foreach (var address in a.Addresses)
                {
                    writer.WriteDictionary(
                    [
                        new KeyValuePair<string, VariantValue>("address", VariantValue.String(address.Address)),
                        new KeyValuePair<string, VariantValue>("prefix", VariantValue.UInt32(address.Prefix)),
                    ]);
                }

                writer.WriteArrayEnd(array);
                break;
            case OpaqueSettingValue { Raw: VariantValue raw }:
                writer.WriteVariant(raw);
                break;
            default:
                throw new ArgumentException($"cannot send a {value.GetType().Name} ({value.Signature}) over D-Bus", nameof(value));
        }
    }

    // address-data is aa{sv} whose every entry has exactly "address" (s) and "prefix" (u); anything else
    // (extra keys such as "label", other types) is kept opaque so that it goes back to NM unchanged.
    private static AddressDataSettingValue? TryDecodeAddressData(VariantValue array)
    {
        var addresses = new List<AddressData>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var entry = Unwrap(array.GetItem(i));
            if (entry.Type != VariantValueType.Dictionary || entry.KeyType != VariantValueType.String || entry.Count != 2)
            {
                return null;
            }

            string? address = null;
            uint? prefix = null;
            for (var j = 0; j < entry.Count; j++)
            {
                var (key, item) = entry.GetDictionaryEntry(j);
                item = Unwrap(item);
                switch (key.GetString())
                {
                    case "address" when item.Type == VariantValueType.String:
                        address = item.GetString();
                        break;
                    case "prefix" when item.Type == VariantValueType.UInt32:
                        prefix = item.GetUInt32();
                        break;
                    default:
                        return null;
                }
            }

            if (address is null || prefix is null)
            {
                return null;
            }

            addresses.Add(new AddressData(address, prefix.Value));
        }

        return new AddressDataSettingValue(addresses);
    }

    // Values inside the address-data entries (a{sv}) arrive wrapped in a variant level; the model holds what is inside.
    private static VariantValue Unwrap(VariantValue value)
    {
        while (value.Type == VariantValueType.Variant)
        {
            value = value.GetVariantValue();
        }

        return value;
    }
}
