using System.Text;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;

namespace MeshAgent.NetworkManager.Tests.Fakes;

/// <summary>
/// For tests: an in-process model of the NetworkManager behaviour the VRB reconciler relies on —
/// profiles, devices (kernel links plus bridges NM creates), active connections, ports bringing up their
/// bridge, checkpoints that restore profiles and activations and hand out new device paths, GetSettings
/// adding keys of its own and omitting autoconnect=true as NM does. <see cref="Render"/> prints the
/// state without object paths for text comparison. Not thread-safe beyond one caller.
/// </summary>
internal sealed class FakeNetworkManager : INetworkManagerClient
{
    private readonly Dictionary<string, ConnectionSettings> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Checkpoint> _checkpoints = new(StringComparer.Ordinal);
    private readonly List<Action<NmHint>> _watchers = [];
    private int _next;

    public FakeNetworkManager(params string[] ethernetLinks)
    {
        foreach (var link in ethernetLinks)
        {
            AddLink(link, NmDeviceType.Ethernet);
        }
    }

    public bool Running { get; set; } = true;

    public NmConnectivityState Connectivity { get; set; } = NmConnectivityState.Full;

    /// <summary>Interfaces whose activation stays in "activating" forever.</summary>
    public HashSet<string> StuckActivations { get; } = new(StringComparer.Ordinal);

    public int CheckpointsCreated { get; private set; }

    public int Rollbacks { get; private set; }

    public int Reapplies { get; private set; }

    public int OpenCheckpoints => _checkpoints.Count;

    public List<string> Calls { get; } = [];

    public void AddLink(string name, NmDeviceType type) =>
        _devices[name] = new Device(NewPath("Devices"), name, type, Managed: true, ActiveUuid: null, Kernel: true, Activating: false);

    public void Emit(NmHint hint)
    {
        foreach (var watcher in _watchers.ToList())
        {
            watcher(hint);
        }
    }

    /// <summary>Adds a profile as another tool would (nmcli), returning its path.</summary>
    public string AddForeign(ConnectionSettings settings)
    {
        var path = NewPath("Settings");
        _profiles[path] = settings;
        return path;
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (_, settings) in _profiles.OrderBy(p => p.Value.Id, StringComparer.Ordinal))
        {
            text.Append("profile ").Append(settings.Id).Append('\n');
            foreach (var line in settings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        foreach (var device in _devices.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var active = device.ActiveUuid is null ? "-" : _profiles.Values.First(p => p.Uuid == device.ActiveUuid).Id;
            text.Append($"device {device.Name} {device.Type} managed={device.Managed} active={active}{(device.Activating ? " (activating)" : "")}\n");
        }

        return text.ToString();
    }

    public Task<IReadOnlyList<string>> GetDevicesAsync(CancellationToken cancellationToken)
    {
        Check("GetDevices");
        return Task.FromResult<IReadOnlyList<string>>(_devices.Values.Select(d => d.Path).ToList());
    }

    public Task<string?> GetDeviceByIpIfaceAsync(string interfaceName, CancellationToken cancellationToken)
    {
        Check("GetDeviceByIpIface");
        return Task.FromResult(_devices.TryGetValue(interfaceName, out var d) ? d.Path : null);
    }

    public Task<string> ActivateConnectionAsync(string connection, string device, string specificObject, CancellationToken cancellationToken)
    {
        Check($"ActivateConnection {Id(connection)}");
        var settings = _profiles.GetValueOrDefault(connection)
            ?? throw new NetworkManagerException("ActivateConnection", "org.freedesktop.NetworkManager.UnknownConnection", "no such connection");
        Activate(settings, device);
        return Task.FromResult(ActivePath(settings.Uuid!));
    }

    public Task DeactivateConnectionAsync(string activeConnection, CancellationToken cancellationToken)
    {
        Check("DeactivateConnection");
        foreach (var device in _devices.Values.Where(d => ActivePath(d.ActiveUuid ?? "") == activeConnection).ToList())
        {
            Deactivate(device.Name);
        }

        return Task.CompletedTask;
    }

    public Task<string> CheckpointCreateAsync(IReadOnlyList<string> devices, uint rollbackTimeoutSeconds, CheckpointCreateOptions flags, CancellationToken cancellationToken)
    {
        Check("CheckpointCreate");
        if (_checkpoints.Count > 0)
        {
            throw new NetworkManagerException("CheckpointCreate", "org.freedesktop.NetworkManager.InvalidArguments", "a checkpoint already exists");
        }

        CheckpointsCreated++;
        var path = NewPath("Checkpoint");
        _checkpoints[path] = new Checkpoint(
            new Dictionary<string, ConnectionSettings>(_profiles),
            _devices.Values.ToDictionary(d => d.Name, d => d with { }));
        return Task.FromResult(path);
    }

    public Task<IReadOnlyDictionary<string, uint>> CheckpointRollbackAsync(string checkpoint, CancellationToken cancellationToken)
    {
        Check("CheckpointRollback");
        var saved = _checkpoints[checkpoint];
        _checkpoints.Remove(checkpoint);
        Rollbacks++;
        _profiles.Clear();
        foreach (var (path, settings) in saved.Profiles)
        {
            _profiles[path] = settings;
        }

        _devices.Clear();
        foreach (var (name, device) in saved.Devices)
        {
            // NM re-creates devices on rollback: new object paths (LAB.md).
            _devices[name] = device with { Path = NewPath("Devices") };
        }

        return Task.FromResult<IReadOnlyDictionary<string, uint>>(_devices.Values.ToDictionary(d => d.Path, _ => 0u));
    }

    public Task CheckpointDestroyAsync(string checkpoint, CancellationToken cancellationToken)
    {
        Check("CheckpointDestroy");
        _checkpoints.Remove(checkpoint);
        return Task.CompletedTask;
    }

    public Task<NmState> GetStateAsync(CancellationToken cancellationToken)
    {
        Check("State");
        return Task.FromResult(NmState.ConnectedGlobal);
    }

    public Task<bool> GetStartupAsync(CancellationToken cancellationToken)
    {
        Check("Startup");
        return Task.FromResult(false);
    }

    public Task<NmConnectivityState> GetConnectivityAsync(CancellationToken cancellationToken)
    {
        Check("Connectivity");
        return Task.FromResult(Connectivity);
    }

    public Task<IReadOnlyList<string>> GetActiveConnectionsAsync(CancellationToken cancellationToken)
    {
        Check("ActiveConnections");
        return Task.FromResult<IReadOnlyList<string>>(
            _devices.Values.Where(d => d.ActiveUuid is not null).Select(d => ActivePath(d.ActiveUuid!)).Distinct().ToList());
    }

    public Task<IReadOnlyList<string>> ListConnectionsAsync(CancellationToken cancellationToken)
    {
        Check("ListConnections");
        return Task.FromResult<IReadOnlyList<string>>(_profiles.Keys.ToList());
    }

    public Task<string> AddConnection2Async(ConnectionSettings settings, AddConnection2Options flags, CancellationToken cancellationToken)
    {
        Check($"AddConnection2 {settings.Id}");
        if (_profiles.Values.Any(p => p.Uuid == settings.Uuid))
        {
            throw new NetworkManagerException("AddConnection2", "org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty", "uuid exists");
        }

        var path = NewPath("Settings");
        _profiles[path] = settings;
        return Task.FromResult(path);
    }

    public Task<string?> GetConnectionByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        Check("GetConnectionByUuid");
        return Task.FromResult<string?>(_profiles.FirstOrDefault(p => p.Value.Uuid == uuid).Key);
    }

    public Task<ConnectionSettings> GetSettingsAsync(string connection, CancellationToken cancellationToken)
    {
        Check("GetSettings");
        var settings = _profiles.GetValueOrDefault(connection)
            ?? throw new NetworkManagerException("GetSettings", "org.freedesktop.DBus.Error.UnknownObject", "no such object");
        // NM adds keys of its own and leaves out some defaults.
        var reported = ConnectionSettings.Empty.With("connection", "timestamp", SettingValue.Of(12345u));
        foreach (var section in settings.SectionNames)
        {
            reported = reported.WithSection(section);
            foreach (var (key, value) in settings.Section(section))
            {
                if (!(section == "connection" && key == "autoconnect" && value.Equals(SettingValue.Of(true))))
                {
                    reported = reported.With(section, key, value);
                }
            }
        }

        return Task.FromResult(reported);
    }

    public Task Update2Async(string connection, ConnectionSettings settings, Update2Options flags, CancellationToken cancellationToken)
    {
        Check($"Update2 {settings.Id}");
        if (!_profiles.ContainsKey(connection))
        {
            throw new NetworkManagerException("Update2", "org.freedesktop.DBus.Error.UnknownObject", "no such object");
        }

        _profiles[connection] = settings;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string connection, CancellationToken cancellationToken)
    {
        Check($"Delete {Id(connection)}");
        var settings = _profiles[connection];
        foreach (var device in _devices.Values.Where(d => d.ActiveUuid == settings.Uuid).ToList())
        {
            Deactivate(device.Name);
        }

        _profiles.Remove(connection);
        return Task.CompletedTask;
    }

    public Task<NmDevice> GetDeviceAsync(string device, CancellationToken cancellationToken)
    {
        Check("GetDevice");
        var d = _devices.Values.FirstOrDefault(x => x.Path == device)
            ?? throw new NetworkManagerException("Device", "org.freedesktop.DBus.Error.UnknownObject", "no such object");
        var state = !d.Managed ? NmDeviceState.Unmanaged
            : d.ActiveUuid is null ? NmDeviceState.Disconnected
            : d.Activating ? NmDeviceState.Config
            : NmDeviceState.Activated;
        return Task.FromResult(new NmDevice(d.Path, d.Name, d.Type, state, d.Managed, d.ActiveUuid is null ? "/" : ActivePath(d.ActiveUuid)));
    }

    public Task SetDeviceManagedAsync(string device, bool managed, CancellationToken cancellationToken)
    {
        Check($"SetManaged {managed}");
        var d = _devices.Values.First(x => x.Path == device);
        _devices[d.Name] = d with { Managed = managed, ActiveUuid = managed ? d.ActiveUuid : null };
        return Task.CompletedTask;
    }

    public Task ReapplyAsync(string device, CancellationToken cancellationToken)
    {
        Check("Reapply");
        var d = _devices.Values.First(x => x.Path == device);
        if (d.ActiveUuid is null)
        {
            throw new NetworkManagerException("Reapply", "org.freedesktop.NetworkManager.Device.NotActive", "not active");
        }

        Reapplies++;
        return Task.CompletedTask;
    }

    public Task<NmActiveConnection> GetActiveConnectionAsync(string activeConnection, CancellationToken cancellationToken)
    {
        Check("GetActiveConnection");
        var devices = _devices.Values.Where(d => d.ActiveUuid is not null && ActivePath(d.ActiveUuid) == activeConnection).ToList();
        if (devices.Count == 0)
        {
            throw new NetworkManagerException("ActiveConnection", "org.freedesktop.DBus.Error.UnknownObject", "no such object");
        }

        var (path, settings) = _profiles.First(p => p.Value.Uuid == devices[0].ActiveUuid);
        var state = devices[0].Activating ? NmActiveConnectionState.Activating : NmActiveConnectionState.Activated;
        return Task.FromResult(new NmActiveConnection(activeConnection, settings.Id!, settings.Uuid!, state, path, devices.Select(d => d.Path).ToList()));
    }

    public Task<IAsyncDisposable> WatchAsync(Action<NmHint> onHint, CancellationToken cancellationToken)
    {
        Check("Watch");
        _watchers.Add(onHint);
        return Task.FromResult<IAsyncDisposable>(new Unwatch(() => _watchers.Remove(onHint)));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Activate(ConnectionSettings settings, string devicePath)
    {
        var name = settings.InterfaceName!;
        if (settings.Type == "bridge")
        {
            if (!_devices.ContainsKey(name))
            {
                _devices[name] = new Device(NewPath("Devices"), name, NmDeviceType.Bridge, true, null, Kernel: false, Activating: false);
            }
        }
        else
        {
            var device = _devices.Values.FirstOrDefault(d => d.Path == devicePath && d.Name == name)
                ?? throw new NetworkManagerException("ActivateConnection", "org.freedesktop.NetworkManager.UnknownDevice", $"device {devicePath} is not {name}");
            _ = device;
            var master = settings.GetString("connection", "master");
            var masterProfile = _profiles.Values.FirstOrDefault(p => p.Type == "bridge" && p.InterfaceName == master)
                ?? throw new NetworkManagerException("ActivateConnection", "org.freedesktop.NetworkManager.Device.ConnectionActivationFailed", $"master {master} has no profile");
            if (!_devices.TryGetValue(master!, out var bridge) || bridge.ActiveUuid != masterProfile.Uuid)
            {
                Activate(masterProfile, "/");
            }
        }

        _devices[name] = _devices[name] with { ActiveUuid = settings.Uuid, Managed = true, Activating = StuckActivations.Contains(name) };
    }

    private void Deactivate(string name)
    {
        var device = _devices[name];
        if (!device.Kernel)
        {
            // NM deletes software devices it created when their connection goes down.
            _devices.Remove(name);
            foreach (var port in _devices.Values.Where(d => d.ActiveUuid is not null
                && _profiles.Values.FirstOrDefault(p => p.Uuid == d.ActiveUuid)?.GetString("connection", "master") == name).ToList())
            {
                _devices[port.Name] = port with { ActiveUuid = null };
            }

            return;
        }

        _devices[name] = device with { ActiveUuid = null, Activating = false };
    }

    private void Check(string call)
    {
        Calls.Add(call);
        if (!Running)
        {
            throw new NetworkManagerUnavailableException(call, "org.freedesktop.NetworkManager has no owner");
        }
    }

    private string? Id(string connection) => _profiles.GetValueOrDefault(connection)?.Id;

    private static string ActivePath(string uuid) => $"/org/freedesktop/NetworkManager/ActiveConnection/{uuid}";

    private string NewPath(string kind) => $"/org/freedesktop/NetworkManager/{kind}/{++_next}";

    private sealed record Device(string Path, string Name, NmDeviceType Type, bool Managed, string? ActiveUuid, bool Kernel, bool Activating);

    private sealed record Checkpoint(Dictionary<string, ConnectionSettings> Profiles, Dictionary<string, Device> Devices);

    private sealed class Unwatch(Action remove) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            remove();
            return ValueTask.CompletedTask;
        }
    }
}
