using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MeshAgent.Core.Configuration.Values;

namespace MeshAgent.Core.Configuration;

/// <summary>
/// An address assigned to an interface together with its prefix length, "10.10.10.1/24". Unlike
/// <see cref="IPNetwork"/> the host bits are kept.
/// </summary>
/// <param name="Address">The host address.</param>
/// <param name="PrefixLength">0-32 for IPv4, 0-128 for IPv6.</param>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>The subnet the address is in: 10.10.10.1/24 gives 10.10.10.0/24.</summary>
    public IPNetwork Network => new(IPText.Mask(Address, PrefixLength), PrefixLength);

    /// <summary>The IPv4 broadcast address of the subnet; null for IPv6.</summary>
    public IPAddress? Broadcast
    {
        get
        {
            if (Address.AddressFamily != AddressFamily.InterNetwork)
            {
                return null;
            }

            var bytes = Network.BaseAddress.GetAddressBytes();
            for (var i = 0; i < 4; i++)
            {
                var hostBits = Math.Clamp(32 - PrefixLength - ((3 - i) * 8), 0, 8);
                bytes[i] |= (byte)((1 << hostBits) - 1);
            }

            return new IPAddress(bytes);
        }
    }

    /// <summary>Parses "address/length"; false for anything else.</summary>
    public static bool TryParse(string text, out InterfaceAddress? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = IPText.TrySplitPrefix(text, out var address, out var length) is null ? new InterfaceAddress(address, length) : null;
        return value is not null;
    }

    /// <summary>"10.10.10.1/24".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");
}
