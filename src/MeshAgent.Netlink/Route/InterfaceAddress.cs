using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Netlink.Route;

/// <summary>
/// An address on an interface with its prefix length, e.g. 10.0.0.1/24 (host bits kept, unlike
/// <see cref="IPNetwork"/>).
/// </summary>
/// <param name="Address">The host address.</param>
/// <param name="PrefixLength">Prefix length: 0–32 for IPv4, 0–128 for IPv6.</param>
public readonly record struct InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>Parses "ADDRESS/PREFIX".</summary>
    /// <exception cref="FormatException">Not an address with a valid prefix length.</exception>
    public static InterfaceAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new FormatException($"'{text}' is not ADDRESS/PREFIX.");
        }

        return new InterfaceAddress(address, prefix);
    }

    /// <summary>"ADDRESS/PREFIX".</summary>
    public override string ToString() => $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>An address as RTM_GETADDR reports it.</summary>
/// <param name="InterfaceIndex">The interface it is on.</param>
/// <param name="Address">The address and prefix length.</param>
public sealed record AddressEntry(int InterfaceIndex, InterfaceAddress Address);
