using System.Net;

namespace MeshAgent.WireGuard.Configuration;

/// <summary>
/// A wg-quick(8) file: the wg-quick-only [Interface] keys plus the wg(8) part in <see cref="WireGuard"/>.
/// Immutable; <see cref="ToString"/> prints no keys.
/// </summary>
public sealed record WgQuickConfig
{
    /// <summary>The wg(8) configuration (everything wg-quick passes to <c>wg setconf</c>).</summary>
    public required WgConfig WireGuard { get; init; }

    /// <summary>Address entries (address and prefix length as written, host bits kept).</summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; init; } = [];

    /// <summary>DNS entries that are IP addresses: name servers.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>DNS entries that are not IP addresses: search domains.</summary>
    public IReadOnlyList<string> DnsSearchDomains { get; init; } = [];

    /// <summary>MTU, or null for wg-quick's automatic choice.</summary>
    public int? Mtu { get; init; }

    /// <summary>Table as written ("off", "auto", a number or a name), or null when absent.</summary>
    public string? Table { get; init; }

    /// <summary>PreUp commands in order.</summary>
    public IReadOnlyList<string> PreUp { get; init; } = [];

    /// <summary>PostUp commands in order.</summary>
    public IReadOnlyList<string> PostUp { get; init; } = [];

    /// <summary>PreDown commands in order.</summary>
    public IReadOnlyList<string> PreDown { get; init; } = [];

    /// <summary>PostDown commands in order.</summary>
    public IReadOnlyList<string> PostDown { get; init; } = [];

    /// <summary>SaveConfig (false when absent).</summary>
    public bool SaveConfig { get; init; }

    /// <summary>Never prints key material.</summary>
    public override string ToString() =>
        $"WgQuickConfig {{ Addresses = {string.Join(", ", Addresses)}, Mtu = {Mtu}, Table = {Table}, {WireGuard} }}";
}

/// <summary>An interface address with its prefix length, e.g. 10.0.0.1/24 (host bits are meaningful here).</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">Prefix length (32 or 128 when the file gave none).</param>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>The <c>address/length</c> text.</summary>
    public override string ToString() => $"{Text.InetAddressText.Format(Address)}/{PrefixLength}";
}
