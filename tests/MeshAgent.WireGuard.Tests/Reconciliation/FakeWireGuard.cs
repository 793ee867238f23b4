using MeshAgent.WireGuard.Reconciliation;

namespace MeshAgent.WireGuard.Tests.Reconciliation;

/// <summary>An in-memory WireGuard backend that applies configs like the UAPI model and counts calls.</summary>
internal sealed class FakeWireGuardClient : IWireGuardClient
{
    public WireGuardDevice? Device { get; set; }

    public int ConfigureCalls { get; private set; }

    public WireGuardBackendKind Kind => WireGuardBackendKind.Userspace;

    public Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Device is null ? [] : [Device.Name]);

    public Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken) =>
        Device?.Name == name ? Task.FromResult(Device) : throw new WireGuardDeviceNotFoundException(name);

    public Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken)
    {
        ConfigureCalls++;
        Device = UapiDeviceModel.Apply(Device ?? throw new WireGuardDeviceNotFoundException(name), config);
        return Task.CompletedTask;
    }

    public Task CreateDeviceAsync(string name, CancellationToken cancellationToken)
    {
        Device = new WireGuardDevice(name, Kind, null, null, 0, 0, []);
        return Task.CompletedTask;
    }

    public Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
    {
        Device = null;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}

/// <summary>Links as a dictionary; a link exists once the fake WireGuard device exists.</summary>
internal sealed class FakeLinkControl(FakeWireGuardClient wireGuard) : ILinkControl
{
    private LinkState _state = new(false, 1500, ["fe80::1/64"]);

    public LinkState State => _state;

    public Task<LinkState?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(wireGuard.Device?.Name == name ? _state : null);

    public Task SetUpAsync(string name, CancellationToken cancellationToken)
    {
        _state = _state with { IsUp = true };
        return Task.CompletedTask;
    }

    public Task SetMtuAsync(string name, int mtu, CancellationToken cancellationToken)
    {
        _state = _state with { Mtu = mtu };
        return Task.CompletedTask;
    }

    public Task AddAddressAsync(string name, string cidr, CancellationToken cancellationToken)
    {
        _state = _state with { Addresses = [.. _state.Addresses, cidr] };
        return Task.CompletedTask;
    }

    public Task RemoveAddressAsync(string name, string cidr, CancellationToken cancellationToken)
    {
        _state = _state with { Addresses = [.. _state.Addresses.Where(a => a != cidr)] };
        return Task.CompletedTask;
    }
}
