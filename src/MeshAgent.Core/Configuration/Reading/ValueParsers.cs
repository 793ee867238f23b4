using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MeshAgent.Core.Configuration.Values;
using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>The kinds of scalar values agent.yaml contains, each with its checks and messages.</summary>
internal static class ValueParsers
{
    /// <summary>Any non-empty string.</summary>
    public static ValueParser<string> Text { get; } = new("a string", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        return v.Length == 0 ? "cannot be empty" : null;
    });

    /// <summary>An absolute path without control characters.</summary>
    public static ValueParser<string> AbsolutePath { get; } = new("an absolute path", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        if (!v.StartsWith('/'))
        {
            return $"'{Printable.Escape(v)}' is not an absolute path (must start with '/')";
        }

        return v.Any(char.IsControl) ? $"'{Printable.Escape(v)}' contains a control character" : null;
    });

    /// <summary>An absolute path or a bare program name looked up in PATH.</summary>
    public static ValueParser<string> Program { get; } = new("a program path", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        if (v.Length == 0 || v.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"'{Printable.Escape(v)}' is not a program path (no spaces or control characters)";
        }

        return v.Contains('/', StringComparison.Ordinal) && !v.StartsWith('/')
            ? $"'{v}' must be an absolute path or a bare program name looked up in PATH"
            : null;
    });

    /// <summary>A plain boolean: true or false.</summary>
    public static ValueParser<bool> Bool { get; } = new("true or false", (ConfigScalar s, out bool v) =>
    {
        v = false;
        if (s.IsPlain && s.Value is "true" or "True" or "TRUE")
        {
            v = true;
            return null;
        }

        return s.IsPlain && s.Value is "false" or "False" or "FALSE" ? null : $"expected true or false, got {s.Description}";
    });

    /// <summary>A TCP/UDP port 1-65535.</summary>
    public static ValueParser<int> Port { get; } = Int(1, 65535);

    /// <summary>A plain decimal integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static ValueParser<int> Int(int min, int max) => new("an integer", (ConfigScalar s, out int v) =>
    {
        v = 0;
        if (!s.IsPlain || !long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"expected an integer, got {s.Description}";
        }

        if (number < min || number > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{s.Value} is out of range {min}-{max}");
        }

        v = (int)number;
        return null;
    });

    /// <summary>A duration like "60s" in [<paramref name="min"/>, <paramref name="max"/>]; min is above zero.</summary>
    public static ValueParser<TimeSpan> Duration(TimeSpan min, TimeSpan max) => new("a duration like 60s", (ConfigScalar s, out TimeSpan v) =>
    {
        if (!DurationFormat.TryParse(s.Value, out v, out var error))
        {
            return error;
        }

        if (v <= TimeSpan.Zero)
        {
            return $"{s.Value} must be greater than 0";
        }

        return v < min || v > max
            ? $"{s.Value} is out of range {DurationFormat.Format(min)}-{DurationFormat.Format(max)}"
            : null;
    });

    /// <summary>One of the snake_case <paramref name="names"/>; a near miss gets a "did you mean".</summary>
    public static ValueParser<T> Enum<T>(IReadOnlyDictionary<string, T> names) =>
        new(string.Join(" | ", names.Keys), (ConfigScalar s, out T v) =>
        {
            if (names.TryGetValue(s.Value, out v!))
            {
                return null;
            }

            var suggestion = NearMiss.Suggest(s.Value, names.Keys);
            var hint = suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
            return $"'{Printable.Escape(s.Value)}' is not one of {string.Join(", ", names.Keys)}{hint}";
        });

    /// <summary>An IPv4 or IPv6 address.</summary>
    public static ValueParser<IPAddress> Address { get; } = new("an IP address", (ConfigScalar s, out IPAddress v) =>
        IPText.TryParseAddress(s.Value, out v) ? null : $"'{Printable.Escape(s.Value)}' is not an IP address");

    /// <summary>A network prefix whose host bits are zero: "10.10.11.0/24".</summary>
    public static ValueParser<IPNetwork> Network { get; } = new("a CIDR like 10.10.11.0/24", (ConfigScalar s, out IPNetwork v) =>
    {
        v = default;
        if (IPText.TrySplitPrefix(s.Value, out var address, out var length) is { } error)
        {
            return error;
        }

        var masked = IPText.Mask(address, length);
        if (!masked.Equals(address))
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{s.Value}' has host bits set; did you mean {masked}/{length}?");
        }

        v = new IPNetwork(masked, length);
        return null;
    });

    /// <summary>An interface address with its prefix length: "10.10.10.1/24".</summary>
    public static ValueParser<InterfaceAddress> InterfaceAddress { get; } = new("an address with prefix like 10.10.10.1/24", (ConfigScalar s, out InterfaceAddress v) =>
    {
        v = null!;
        if (IPText.TrySplitPrefix(s.Value, out var address, out var length) is { } error)
        {
            return error;
        }

        var result = new InterfaceAddress(address, length);
        if (address.AddressFamily == AddressFamily.InterNetwork && length <= 30)
        {
            if (address.Equals(result.Network.BaseAddress))
            {
                return $"'{s.Value}' is the network address of its subnet, not a host address";
            }

            if (address.Equals(result.Broadcast))
            {
                return $"'{s.Value}' is the broadcast address of its subnet, not a host address";
            }
        }

        v = result;
        return null;
    });

    /// <summary>"host:port" where host is an IP address (a socket to listen on).</summary>
    public static ValueParser<IPEndPoint> ListenEndpoint { get; } = new("an address:port like 127.0.0.1:9473", (ConfigScalar s, out IPEndPoint v) =>
    {
        var error = EndpointText.TryParse(s.Value, defaultPort: null, requireAddress: true, out var endpoint);
        v = endpoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        return error;
    });

    /// <summary>"host:port" where host is an IP address or a DNS name; the port is required unless <paramref name="defaultPort"/> is set.</summary>
    public static ValueParser<EndPoint> Endpoint(int? defaultPort = null) => new("host:port", (ConfigScalar s, out EndPoint v) =>
        EndpointText.TryParse(s.Value, defaultPort, requireAddress: false, out v));

    /// <summary>A Linux interface name.</summary>
    public static ValueParser<string> InterfaceName { get; } = new("an interface name", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        return Values.InterfaceName.Check(v);
    });

    /// <summary>One DNS label ("fileserv").</summary>
    public static ValueParser<string> DnsLabel { get; } = new("a DNS label", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        return DnsName.CheckLabel(v);
    });

    /// <summary>A dotted DNS name ("lan", "home.arpa").</summary>
    public static ValueParser<string> DnsDomain { get; } = new("a DNS name", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        return DnsName.CheckName(v);
    });

    /// <summary>The base64 text of a 32-byte key; the error never echoes the text.</summary>
    public static ValueParser<string> Key { get; } = new("a base64 key", (ConfigScalar s, out string v) =>
    {
        v = s.Value;
        return WireGuardKeyText.Check(v);
    });

    /// <summary>A 48-bit MAC address written as six hex pairs with ':' or '-'.</summary>
    public static ValueParser<PhysicalAddress> Mac { get; } = new("a MAC address like aa:bb:cc:dd:ee:ff", (ConfigScalar s, out PhysicalAddress v) =>
    {
        v = PhysicalAddress.None;
        var parts = s.Value.Split(s.Value.Contains('-', StringComparison.Ordinal) ? '-' : ':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiHexDigit)))
        {
            return $"'{Printable.Escape(s.Value)}' is not a MAC address like aa:bb:cc:dd:ee:ff";
        }

        v = new PhysicalAddress([.. parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture))]);
        return null;
    });
}
