using System.Text;

namespace MeshAgent.DBus;

/// <summary>
/// One entry of a D-Bus server address ("transport:key=value,key=value") with its values
/// unescaped. Only the <c>unix</c> transport with <c>path</c> or <c>abstract</c> is connectable here.
/// </summary>
public sealed class DBusAddress
{
    /// <summary>The default system bus socket when <c>DBUS_SYSTEM_BUS_ADDRESS</c> is unset.</summary>
    public const string DefaultSystemBusAddress = "unix:path=/run/dbus/system_bus_socket";

    private DBusAddress(string transport, IReadOnlyDictionary<string, string> properties)
    {
        Transport = transport;
        Properties = properties;
    }

    /// <summary>The transport name, e.g. "unix".</summary>
    public string Transport { get; }

    /// <summary>The unescaped key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The filesystem socket path of a <c>unix:path=</c> address, else null.</summary>
    public string? UnixPath => Transport == "unix" && Properties.TryGetValue("path", out var p) ? p : null;

    /// <summary>The abstract socket name (without the leading NUL) of a <c>unix:abstract=</c> address, else null.</summary>
    public string? UnixAbstract => Transport == "unix" && Properties.TryGetValue("abstract", out var a) ? a : null;

    /// <summary>The <c>guid</c> the address names, if any.</summary>
    public string? Guid => Properties.TryGetValue("guid", out var g) ? g : null;

    /// <summary>
    /// Parses an address list: entries separated by ';' (empty entries skipped), each
    /// "transport:k=v,..." with %XX escapes in values.
    /// </summary>
    /// <exception cref="DBusAddressException">Malformed address.</exception>
    public static IReadOnlyList<DBusAddress> ParseList(string addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var result = new List<DBusAddress>();
        foreach (var entry in addresses.Split(';'))
        {
            if (entry.Length > 0)
            {
                result.Add(Parse(entry));
            }
        }

        if (result.Count == 0)
        {
            throw new DBusAddressException("Empty D-Bus address");
        }

        return result;
    }

    /// <summary>Parses a single address entry.</summary>
    /// <exception cref="DBusAddressException">Malformed address.</exception>
    public static DBusAddress Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new DBusAddressException($"D-Bus address '{address}' has no transport");
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = address[(colon + 1)..];
        if (rest.Length > 0)
        {
            foreach (var pair in rest.Split(','))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new DBusAddressException($"D-Bus address '{address}': '{pair}' is not key=value");
                }

                var key = pair[..eq];
                if (!properties.TryAdd(key, Unescape(pair[(eq + 1)..], address)))
                {
                    throw new DBusAddressException($"D-Bus address '{address}': key '{key}' repeated");
                }
            }
        }

        return new DBusAddress(address[..colon], properties);
    }

    /// <summary>The system bus address list: <c>DBUS_SYSTEM_BUS_ADDRESS</c> or the default socket.</summary>
    public static string SystemBus => Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } a ? a : DefaultSystemBusAddress;

    /// <summary>The session bus address list from <c>DBUS_SESSION_BUS_ADDRESS</c>.</summary>
    /// <exception cref="DBusAddressException">The variable is unset.</exception>
    public static string SessionBus => Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS") is { Length: > 0 } a
        ? a
        : throw new DBusAddressException("DBUS_SESSION_BUS_ADDRESS is not set");

    /// <summary>The address in canonical text form (values escaped).</summary>
    public override string ToString() =>
        Transport + ":" + string.Join(',', Properties.Select(p => p.Key + "=" + Escape(p.Value)));

    private static string Unescape(string value, string address)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                continue;
            }

            if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
            {
                throw new DBusAddressException($"D-Bus address '{address}': bad %-escape");
            }

            bytes.Add((byte)Convert.ToInt32(value.Substring(i + 1, 2), 16));
            i += 2;
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-_/.\\*".Contains(c, StringComparison.Ordinal))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
