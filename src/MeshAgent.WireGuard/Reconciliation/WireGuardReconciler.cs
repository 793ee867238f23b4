using System.Globalization;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace MeshAgent.WireGuard.Reconciliation;

/// <summary>
/// Brings the mesh's WireGuard interface to its <see cref="DesiredInterface"/>: the device (created
/// through the client's backend when missing), private key, port, peers and allowed IPs as the smallest
/// diff (<see cref="DeviceDiff"/>), then MTU, addresses and link state. Apply re-reads the device before
/// changing it (a plan is only a description) and reads back afterwards; twice is harmless.
/// </summary>
public sealed partial class WireGuardReconciler : IReconciler
{
    private readonly IWireGuardClient _client;
    private readonly ILinkControl _links;
    private readonly Func<DesiredInterface?> _desired;
    private readonly Func<WireGuardKey> _privateKey;
    private readonly ILogger _logger;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="client">The WireGuard client (composite of backends).</param>
    /// <param name="links">Link control for MTU, addresses, up.</param>
    /// <param name="desired">The current desired interface, or null when the mesh is off.</param>
    /// <param name="privateKey">This node's private key.</param>
    /// <param name="logger">Logger.</param>
    public WireGuardReconciler(IWireGuardClient client, ILinkControl links, Func<DesiredInterface?> desired, WireGuardKey privateKey, ILogger<WireGuardReconciler> logger)
        : this(client, links, desired, () => privateKey, logger)
    {
    }

    /// <summary>Creates the reconciler for a node whose key may rotate: <paramref name="privateKey"/> gives the key in use.</summary>
    /// <param name="client">The WireGuard client (composite of backends).</param>
    /// <param name="links">Link control for MTU, addresses, up.</param>
    /// <param name="desired">The current desired interface, or null when the mesh is off.</param>
    /// <param name="privateKey">This node's private key at the time of a pass.</param>
    /// <param name="logger">Logger.</param>
    public WireGuardReconciler(IWireGuardClient client, ILinkControl links, Func<DesiredInterface?> desired, Func<WireGuardKey> privateKey, ILogger<WireGuardReconciler> logger)
    {
        _client = client;
        _links = links;
        _desired = desired;
        _privateKey = privateKey;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Subsystem => "wireguard";

    /// <inheritdoc />
    public async Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var desired = _desired();
        if (desired is null)
        {
            return ReconcilePlan.Empty(Subsystem);
        }

        var observed = await ObserveAsync(desired, cancellationToken);
        return new ReconcilePlan(Subsystem, Describe(desired, observed));
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var desired = _desired();
        if (desired is null)
        {
            return new ReconcileResult(Subsystem, [], Converged: true, Problem: null);
        }

        var observed = await ObserveAsync(desired, cancellationToken);
        var applied = Describe(desired, observed);
        if (observed.Device is null)
        {
            await _client.CreateDeviceAsync(desired.Name, cancellationToken);
            observed = await ObserveAsync(desired, cancellationToken);
        }

        if (observed.Device is not null && !DeviceDiff.IsEmpty(observed.DeviceChange))
        {
            Log.ConfiguringDevice(_logger, desired.Name, observed.DeviceChange.Peers.Count);
            await _client.ConfigureDeviceAsync(desired.Name, observed.DeviceChange, cancellationToken);
        }

        await ApplyLinkAsync(desired, observed.Link, cancellationToken);

        var after = await ObserveAsync(desired, cancellationToken);
        var remaining = Describe(desired, after);
        return remaining.Count == 0
            ? new ReconcileResult(Subsystem, applied, Converged: true, Problem: null)
            : new ReconcileResult(Subsystem, applied, Converged: false, Problem: $"{remaining.Count} changes still pending after apply: {remaining[0]}");
    }

    /// <summary>The device as WireGuard should hold it.</summary>
    internal WireGuardDevice ToDevice(DesiredInterface desired) => new(
        desired.Name,
        _client.Kind,
        _privateKey(),
        PublicKey: null,
        desired.ListenPort,
        FirewallMark: 0,
        [.. desired.Peers.Select(p => new WireGuardPeer(
            WireGuardKey.FromBase64(p.PublicKey),
            PresharedKey: null,
            p.Endpoint,
            p.PersistentKeepalive,
            LastHandshake: null,
            ReceiveBytes: 0,
            TransmitBytes: 0,
            p.AllowedIPs))]);

    private async Task<Observation> ObserveAsync(DesiredInterface desired, CancellationToken cancellationToken)
    {
        WireGuardDevice? device;
        try
        {
            device = await _client.GetDeviceAsync(desired.Name, cancellationToken);
        }
        catch (WireGuardDeviceNotFoundException)
        {
            device = null;
        }

        var link = device is null ? null : await _links.GetAsync(desired.Name, cancellationToken);
        var change = device is null
            ? DeviceDiff.Compute(ToDevice(desired), ToDevice(desired) with { PrivateKey = null, ListenPort = -1, Peers = [] })
            : DeviceDiff.Compute(ToDevice(desired), device);
        return new Observation(device, link, change);
    }

    private async Task ApplyLinkAsync(DesiredInterface desired, LinkState? link, CancellationToken cancellationToken)
    {
        link ??= await _links.GetAsync(desired.Name, cancellationToken)
            ?? throw new WireGuardException($"{desired.Name} has no link after it was created");
        if (link.Mtu != desired.Mtu)
        {
            await _links.SetMtuAsync(desired.Name, desired.Mtu, cancellationToken);
        }

        foreach (var address in link.Addresses.Except(desired.Addresses, StringComparer.Ordinal).Where(IsManagedFamily(desired)))
        {
            await _links.RemoveAddressAsync(desired.Name, address, cancellationToken);
        }

        foreach (var address in desired.Addresses.Except(link.Addresses, StringComparer.Ordinal))
        {
            await _links.AddAddressAsync(desired.Name, address, cancellationToken);
        }

        if (!link.IsUp)
        {
            await _links.SetUpAsync(desired.Name, cancellationToken);
        }
    }

    // Only addresses we manage are removed: an IPv6 link-local address the kernel adds is not ours.
    private static Func<string, bool> IsManagedFamily(DesiredInterface desired) =>
        address => !address.StartsWith("fe80:", StringComparison.OrdinalIgnoreCase) || desired.Addresses.Any(a => a.StartsWith("fe80:", StringComparison.OrdinalIgnoreCase));

    private static List<PlannedChange> Describe(DesiredInterface desired, Observation observed)
    {
        var changes = new List<PlannedChange>();
        if (observed.Device is null)
        {
            changes.Add(new PlannedChange(ChangeKind.Add, $"device {desired.Name}", $"port {desired.ListenPort.ToString(CultureInfo.InvariantCulture)}"));
        }

        var names = desired.Peers.ToDictionary(p => p.PublicKey, p => p.Name, StringComparer.Ordinal);
        var config = observed.DeviceChange;
        if (observed.Device is not null)
        {
            if (config.PrivateKey is not null)
            {
                changes.Add(new PlannedChange(ChangeKind.Update, $"device {desired.Name}", "private key"));
            }

            if (config.ListenPort is { } port)
            {
                changes.Add(new PlannedChange(ChangeKind.Update, $"device {desired.Name}", $"listen-port {port.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        foreach (var peer in config.Peers)
        {
            var key = peer.PublicKey.ToBase64();
            var target = names.TryGetValue(key, out var name) ? $"peer {name} ({key[..8]}…)" : $"peer {key[..8]}…";
            if (peer.Remove)
            {
                changes.Add(new PlannedChange(ChangeKind.Remove, target, string.Empty));
                continue;
            }

            var isNew = observed.Device is null || observed.Device.Peers.All(p => p.PublicKey != peer.PublicKey);
            var detail = string.Join(' ', new[]
            {
                peer.Endpoint is null ? null : $"endpoint {peer.Endpoint}",
                peer.PersistentKeepalive is { } k ? $"keepalive {(int)k.TotalSeconds}" : null,
                peer.AllowedIPs.Count > 0 || peer.ReplaceAllowedIPs ? $"allowed-ips {string.Join(',', peer.AllowedIPs)}" : null,
            }.Where(s => s is not null));
            changes.Add(new PlannedChange(isNew ? ChangeKind.Add : ChangeKind.Update, target, detail));
        }

        var link = observed.Link;
        if (link is not null)
        {
            if (link.Mtu != desired.Mtu)
            {
                changes.Add(new PlannedChange(ChangeKind.Update, $"link {desired.Name}", $"mtu {link.Mtu.ToString(CultureInfo.InvariantCulture)} -> {desired.Mtu.ToString(CultureInfo.InvariantCulture)}"));
            }

            changes.AddRange(desired.Addresses.Except(link.Addresses, StringComparer.Ordinal)
                .Select(a => new PlannedChange(ChangeKind.Add, $"address {a}", $"on {desired.Name}")));
            changes.AddRange(link.Addresses.Except(desired.Addresses, StringComparer.Ordinal).Where(IsManagedFamily(desired))
                .Select(a => new PlannedChange(ChangeKind.Remove, $"address {a}", $"on {desired.Name}")));
            if (!link.IsUp)
            {
                changes.Add(new PlannedChange(ChangeKind.Activate, $"link {desired.Name}", string.Empty));
            }
        }
        else if (observed.Device is null)
        {
            changes.Add(new PlannedChange(ChangeKind.Activate, $"link {desired.Name}", $"mtu {desired.Mtu.ToString(CultureInfo.InvariantCulture)} addresses {string.Join(',', desired.Addresses)}"));
        }

        return changes;
    }

    private sealed record Observation(WireGuardDevice? Device, LinkState? Link, DeviceConfig DeviceChange);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Configuring {Interface}: {PeerChanges} peer changes")]
        public static partial void ConfiguringDevice(ILogger logger, string @interface, int peerChanges);
    }
}
