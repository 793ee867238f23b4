using MeshAgent.Interop;
using MeshAgent.Netlink;
using MeshAgent.Netlink.Generic;
using MeshAgent.Netlink.Route;

namespace MeshAgent.WireGuard.Kernel;

/// <summary>
/// <see cref="IWireGuardClient"/> for the Linux kernel module: links through rtnetlink (kind
/// "wireguard"), configuration through generic netlink family "wireguard" v1. Large configurations are
/// sent as few, large messages (<see cref="SetDevicePacker"/>), each acknowledged before the next.
/// Thread-safe: each netlink connection serialises its requests. Devices that exist but are not kernel
/// WireGuard devices (e.g. wireguard-go's tun) are reported as not found, so a composite client can ask
/// the next backend.
/// </summary>
public sealed class KernelWireGuardClient : IWireGuardClient
{
    private readonly RouteNetlinkClient _route;
    private readonly NetlinkConnection _generic;
    private readonly SemaphoreSlim _familyGate = new(1, 1);
    private readonly int _maximumMessageBytes;
    private GenericNetlinkFamily? _family;

    /// <summary>
    /// Opens the netlink sockets, inside the network namespace at <paramref name="networkNamespacePath"/>
    /// (e.g. /run/netns/NAME) when given. Does not require the module yet: that is checked on use.
    /// </summary>
    /// <exception cref="WireGuardException">The sockets cannot be opened.</exception>
    public KernelWireGuardClient(string? networkNamespacePath = null)
        : this(networkNamespacePath, SetDevicePacker.MaximumMessageBytes)
    {
    }

    /// <summary>For tests: a smaller per-message cap to force many messages and split peers.</summary>
    internal KernelWireGuardClient(string? networkNamespacePath, int maximumMessageBytes)
    {
        _maximumMessageBytes = maximumMessageBytes;
        try
        {
            _route = RouteNetlinkClient.Open(networkNamespacePath);
            _generic = NetlinkConnection.Open(NetlinkProtocol.Generic, networkNamespacePath);
        }
        catch (NetlinkException e)
        {
            _route?.Dispose();
            throw new WireGuardException($"Cannot open netlink: {e.Message}", (int)e.Errno, e);
        }
    }

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.Kernel;

    /// <summary>Messages the last <see cref="ConfigureDeviceAsync"/> sent (for benchmarks and tests; DeleteDeviceAsync also configures).</summary>
    public int LastConfigureMessageCount { get; private set; }

    /// <summary>Messages the last <see cref="GetDeviceAsync"/> received in its dump (for benchmarks and tests).</summary>
    public int LastGetMessageCount { get; private set; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        var links = await Translate(() => _route.GetLinksAsync(cancellationToken), null);
        return links.Where(l => l.Kind == WireGuardGenl.FamilyName).Select(l => l.Name).Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var family = await ResolveFamilyAsync(name, cancellationToken);
        var request = new NetlinkMessageBuilder(family.Id, 0, 64);
        request.AddGenericHeader(WireGuardGenl.CommandGetDevice, WireGuardGenl.Version);
        request.AddString(WireGuardGenl.DeviceIfName, name);
        var messages = await Translate(() => _generic.DumpAsync($"WG_CMD_GET_DEVICE {name}", request, cancellationToken), name);
        LastGetMessageCount = messages.Count;
        try
        {
            return DeviceDumpParser.Parse(name, messages);
        }
        catch (NetlinkFormatException e)
        {
            throw new WireGuardException($"WG_CMD_GET_DEVICE {name}: malformed reply: {e.Message}", (int)Errno.EIO, e);
        }
    }

    /// <inheritdoc />
    public async Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(config);
        var family = await ResolveFamilyAsync(name, cancellationToken);
        var messages = SetDevicePacker.Pack(family.Id, name, config, _maximumMessageBytes);
        LastConfigureMessageCount = messages.Count;
        for (var i = 0; i < messages.Count; i++)
        {
            var operation = $"WG_CMD_SET_DEVICE {name} ({i + 1}/{messages.Count})";
            await Translate(() => _generic.ExecuteAsync(operation, messages[i], cancellationToken), name);
        }
    }

    /// <inheritdoc />
    public Task CreateDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        return Translate(() => _route.CreateLinkAsync(name, WireGuardGenl.FamilyName, cancellationToken), null);
    }

    /// <inheritdoc />
    public async Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        LinkInfo link;
        try
        {
            link = await _route.GetLinkAsync(name, cancellationToken);
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
            return;
        }
        catch (NetlinkException e)
        {
            throw new WireGuardException(e.Message, (int)e.Errno, e);
        }

        if (link.Kind != WireGuardGenl.FamilyName)
        {
            // Same name, different kind (e.g. wireguard-go's tun): not ours to delete.
            throw new WireGuardDeviceNotFoundException(name);
        }

        // Linux 6.1 frees each peer of a deleted device with its own synchronize_net() after the RTNL is
        // released: one full RCU grace period per peer, minutes for 10,000 peers. Removing the peers first
        // through SET_DEVICE (which holds the RTNL, so the grace periods are expedited) takes moments.
        try
        {
            await ConfigureDeviceAsync(name, new DeviceConfig { ReplacePeers = true }, cancellationToken);
        }
        catch (WireGuardException)
        {
            // Best effort: the deletion below is what counts.
        }

        try
        {
            await _route.DeleteLinkAsync(name, cancellationToken);
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
        }
        catch (NetlinkException e)
        {
            throw new WireGuardException(e.Message, (int)e.Errno, e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _route.Dispose();
        _generic.Dispose();
        _familyGate.Dispose();
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > WireGuardGenl.MaximumNameLength || name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name.", nameof(name));
        }
    }

    private async Task<GenericNetlinkFamily> ResolveFamilyAsync(string device, CancellationToken cancellationToken)
    {
        if (_family is { } known)
        {
            return known;
        }

        await _familyGate.WaitAsync(cancellationToken);
        try
        {
            if (_family is null)
            {
                var controller = new GenericNetlinkController(_generic);
                try
                {
                    _family = await controller.GetFamilyAsync(WireGuardGenl.FamilyName, cancellationToken);
                }
                catch (NetlinkException e) when (e.IsNotFound)
                {
                    // No module, so no kernel WireGuard device of that name can exist.
                    throw new WireGuardDeviceNotFoundException($"Unable to access interface: No such device ({device}): the kernel has no wireguard module", e);
                }
                catch (NetlinkException e)
                {
                    throw new WireGuardException(e.Message, (int)e.Errno, e);
                }
            }

            return _family;
        }
        finally
        {
            _familyGate.Release();
        }
    }

    private static async Task<T> Translate<T>(Func<Task<T>> call, string? device)
    {
        try
        {
            return await call();
        }
        catch (NetlinkException e) when (device is not null && (e.IsNotFound || e.Errno == Errno.EOPNOTSUPP))
        {
            // ENODEV: no such link; EOPNOTSUPP: the link exists but is not a WireGuard device.
            throw new WireGuardDeviceNotFoundException(device);
        }
        catch (NetlinkException e)
        {
            throw new WireGuardException(e.Message, (int)e.Errno, e);
        }
    }

    private static async Task Translate(Func<Task> call, string? device) =>
        await Translate(async () =>
        {
            await call();
            return true;
        }, device);
}
