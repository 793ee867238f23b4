using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>An address with its prefix length, as the config writes it: "10.10.10.1/24" (host bits kept).</summary>
/// <param name="Address">The host address.</param>
/// <param name="PrefixLength">Prefix length in bits.</param>
public readonly record struct InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>Parses "10.10.10.1/24"; throws <see cref="FormatException"/> with the text on bad input.</summary>
    public static InterfaceAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new FormatException($"'{text}' is not an address with prefix length (like 10.10.10.1/24)");
        }

        return new InterfaceAddress(address, prefix);
    }

    /// <summary>True for IPv4.</summary>
    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>"10.10.10.1/24".</summary>
    public override string ToString() => $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
