namespace MeshAgent.WireGuard;

/// <summary>
/// The one <see cref="IWireGuardClient"/> the rest of the agent uses: a composite over backends (kernel,
/// userspace) in order of preference. Reads and changes go to the first backend that knows the device;
/// a backend answering "no such device" is skipped, any other failure is reported (the shape of
/// wgctrl-go's client). Creation follows <see cref="WireGuardBackendSelection"/>. Thread-safe when the
/// backends are; owns and disposes them.
/// </summary>
public sealed class WireGuardClient : IWireGuardClient
{
    // Errnos that mean "this backend cannot create WireGuard devices here" (no module, no genl family).
    private static readonly int[] UnsupportedErrnos = [2, 19, 93, 95];

    private readonly List<IWireGuardClient> _backends;
    private readonly WireGuardBackendSelection _selection;

    /// <summary>Creates the composite over <paramref name="backends"/>, most preferred first.</summary>
    /// <exception cref="ArgumentException">No backends, or the selection names a backend that is not in the list.</exception>
    public WireGuardClient(IEnumerable<IWireGuardClient> backends, WireGuardBackendSelection selection = WireGuardBackendSelection.Auto)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends.ToList();
        _selection = selection;
        if (_backends.Count == 0)
        {
            throw new ArgumentException("At least one WireGuard backend is needed.", nameof(backends));
        }

        if (selection != WireGuardBackendSelection.Auto && BackendOf(selection) is null)
        {
            throw new ArgumentException($"Backend '{selection}' is selected but not available.", nameof(selection));
        }
    }

    /// <summary>The backend that creates devices: the selected one, or under Auto the first in the list.</summary>
    public WireGuardBackendKind Kind => _selection switch
    {
        WireGuardBackendSelection.Kernel => WireGuardBackendKind.Kernel,
        WireGuardBackendSelection.Userspace => WireGuardBackendKind.Userspace,
        _ => _backends[0].Kind,
    };

    /// <summary>The backends, most preferred first.</summary>
    public IReadOnlyList<IWireGuardClient> Backends => _backends;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var backend in _backends)
        {
            names.UnionWith(await backend.ListDevicesAsync(cancellationToken));
        }

        return names.ToList();
    }

    /// <inheritdoc />
    public Task<WireGuardDevice> GetDeviceAsync(string name, CancellationToken cancellationToken) =>
        FirstThatKnowsAsync(name, backend => backend.GetDeviceAsync(name, cancellationToken));

    /// <inheritdoc />
    public Task ConfigureDeviceAsync(string name, DeviceConfig config, CancellationToken cancellationToken) =>
        FirstThatKnowsAsync(name, async backend =>
        {
            await backend.ConfigureDeviceAsync(name, config, cancellationToken);
            return true;
        });

    /// <inheritdoc />
    public async Task CreateDeviceAsync(string name, CancellationToken cancellationToken)
    {
        if (_selection != WireGuardBackendSelection.Auto)
        {
            await BackendOf(_selection)!.CreateDeviceAsync(name, cancellationToken);
            return;
        }

        for (var i = 0; i < _backends.Count; i++)
        {
            try
            {
                await _backends[i].CreateDeviceAsync(name, cancellationToken);
                return;
            }
            catch (WireGuardException exception) when (i + 1 < _backends.Count && UnsupportedErrnos.Contains(exception.Errno)
                                                          && exception is not WireGuardDeviceNotFoundException)
            {
                // This backend cannot make WireGuard devices here (e.g. no kernel module): try the next.
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteDeviceAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var backend in _backends)
        {
            if ((await backend.ListDevicesAsync(cancellationToken)).Contains(name, StringComparer.Ordinal))
            {
                await backend.DeleteDeviceAsync(name, cancellationToken);
                return;
            }
        }
    }

    /// <summary>Disposes every backend.</summary>
    public void Dispose()
    {
        foreach (var backend in _backends)
        {
            backend.Dispose();
        }
    }

    private IWireGuardClient? BackendOf(WireGuardBackendSelection selection)
    {
        var kind = selection == WireGuardBackendSelection.Kernel ? WireGuardBackendKind.Kernel : WireGuardBackendKind.Userspace;
        return _backends.FirstOrDefault(b => b.Kind == kind);
    }

    private async Task<T> FirstThatKnowsAsync<T>(string name, Func<IWireGuardClient, Task<T>> call)
    {
        foreach (var backend in _backends)
        {
            try
            {
                return await call(backend);
            }
            catch (WireGuardDeviceNotFoundException)
            {
                // Not this backend's device: ask the next.
            }
        }

        throw new WireGuardDeviceNotFoundException(name);
    }
}
