namespace MeshAgent.WireGuard.Tests;

public sealed class WireGuardClientTests
{
    [Test]
    public async Task GetDevice_SecondBackendKnowsIt_SkipsTheFirst()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel);
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace, "wg0");
        using var client = new WireGuardClient([kernel, userspace]);

        var device = await client.GetDeviceAsync("wg0", CancellationToken.None);

        Assert.That(device.Backend, Is.EqualTo(WireGuardBackendKind.Userspace));
        Assert.That(kernel.Calls, Is.EqualTo(new[] { "get wg0" }));
    }

    [Test]
    public void GetDevice_NoBackendKnowsIt_ThrowsNotFound()
    {
        using var client = new WireGuardClient([new FakeBackend(WireGuardBackendKind.Kernel), new FakeBackend(WireGuardBackendKind.Userspace)]);
        var exception = Assert.ThrowsAsync<WireGuardDeviceNotFoundException>(() => client.GetDeviceAsync("wg9", CancellationToken.None));
        Assert.That(exception!.Device, Is.EqualTo("wg9"));
    }

    [Test]
    public void GetDevice_FirstBackendFailsOtherwise_ReportsThatFailure()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel) { Failure = new WireGuardException("boom", 5) };
        using var client = new WireGuardClient([kernel, new FakeBackend(WireGuardBackendKind.Userspace, "wg0")]);
        var exception = Assert.ThrowsAsync<WireGuardException>(() => client.GetDeviceAsync("wg0", CancellationToken.None));
        Assert.That(exception!.Errno, Is.EqualTo(5));
    }

    [Test]
    public async Task ListDevices_SeveralBackends_UnionSorted()
    {
        using var client = new WireGuardClient([new FakeBackend(WireGuardBackendKind.Kernel, "wg1", "a0"), new FakeBackend(WireGuardBackendKind.Userspace, "wg0", "wg1")]);
        Assert.That(await client.ListDevicesAsync(CancellationToken.None), Is.EqualTo(new[] { "a0", "wg0", "wg1" }));
    }

    [Test]
    public async Task ConfigureDevice_Userspace_GoesToTheOwner()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel, "wg1");
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace, "wg0");
        using var client = new WireGuardClient([kernel, userspace]);

        await client.ConfigureDeviceAsync("wg0", new DeviceConfig { ListenPort = 1 }, CancellationToken.None);

        Assert.That(userspace.Calls, Does.Contain("set wg0"));
        Assert.That(kernel.Calls, Is.EqualTo(new[] { "set wg0" }), "asked, answered not-found");
    }

    [Test]
    public async Task CreateDevice_AutoAndKernelUnsupported_FallsBackToUserspace()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel) { CreateFailure = new WireGuardException("Operation not supported", 95) };
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace);
        using var client = new WireGuardClient([kernel, userspace]);

        await client.CreateDeviceAsync("wg0", CancellationToken.None);

        Assert.That(userspace.Devices, Does.Contain("wg0"));
    }

    [Test]
    public void CreateDevice_AutoAndKernelFailsOtherwise_DoesNotFallBack()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel) { CreateFailure = new WireGuardException("exists", 17) };
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace);
        using var client = new WireGuardClient([kernel, userspace]);

        Assert.ThrowsAsync<WireGuardException>(() => client.CreateDeviceAsync("wg0", CancellationToken.None));
        Assert.That(userspace.Devices, Is.Empty);
    }

    [Test]
    public async Task CreateDevice_UserspaceSelected_SkipsKernel()
    {
        using var kernel = new FakeBackend(WireGuardBackendKind.Kernel);
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace);
        using var client = new WireGuardClient([kernel, userspace], WireGuardBackendSelection.Userspace);

        await client.CreateDeviceAsync("wg0", CancellationToken.None);

        Assert.That(kernel.Devices, Is.Empty);
        Assert.That(userspace.Devices, Does.Contain("wg0"));
        Assert.That(client.Kind, Is.EqualTo(WireGuardBackendKind.Userspace));
    }

    [Test]
    public void Constructor_SelectedBackendMissing_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WireGuardClient([new FakeBackend(WireGuardBackendKind.Userspace)], WireGuardBackendSelection.Kernel));
    }

    [Test]
    public async Task DeleteDevice_UnknownDevice_IsNotAnError()
    {
        using var userspace = new FakeBackend(WireGuardBackendKind.Userspace, "wg0");
        using var client = new WireGuardClient([userspace]);

        await client.DeleteDeviceAsync("wg9", CancellationToken.None);
        await client.DeleteDeviceAsync("wg0", CancellationToken.None);

        Assert.That(userspace.Devices, Is.Empty);
    }

    /// <summary>For tests: a backend holding device names in memory, recording the calls it gets.</summary>
    private sealed class FakeBackend(WireGuardBackendKind kind, params string[] devices) : IWireGuardClient
    {
        public List<string> Devices { get; } = [.. devices];

        public List<string> Calls { get; } = [];

        public WireGuardException? Failure { get; init; }

        public WireGuardException? CreateFailure { get; init; }

        public WireGuardBackendKind Kind => kind;

        public Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([.. Devices]);

        public Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken)
        {
            Calls.Add($"get {name}");
            Check(name);
            return Task.FromResult(new WireGuardDevice(name, kind, null, null, 0, 0, []));
        }

        public Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken)
        {
            Calls.Add($"set {name}");
            Check(name);
            return Task.CompletedTask;
        }

        public Task CreateDeviceAsync(string name, CancellationToken cancellationToken)
        {
            if (CreateFailure is not null)
            {
                throw CreateFailure;
            }

            Devices.Add(name);
            return Task.CompletedTask;
        }

        public Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
        {
            Devices.Remove(name);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }

        private void Check(string name)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            if (!Devices.Contains(name))
            {
                throw new WireGuardDeviceNotFoundException(name);
            }
        }
    }
}
