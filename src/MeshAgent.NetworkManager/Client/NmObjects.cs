namespace MeshAgent.NetworkManager.Client;

/// <summary>The properties of one org.freedesktop.NetworkManager.Device we use.</summary>
/// <param name="Path">Object path (changes when NM re-creates the device, e.g. after a rollback).</param>
/// <param name="Interface">Kernel interface name.</param>
/// <param name="DeviceType">NMDeviceType.</param>
/// <param name="State">Device state.</param>
/// <param name="Managed">Whether NM manages the device.</param>
/// <param name="ActiveConnection">Path of the active connection on it, or "/" when none.</param>
public sealed record NmDevice(
    string Path, string Interface, NmDeviceType DeviceType, NmDeviceState State, bool Managed, string ActiveConnection);

/// <summary>The properties of one org.freedesktop.NetworkManager.Connection.Active we use.</summary>
/// <param name="Path">Object path.</param>
/// <param name="Id">Profile id.</param>
/// <param name="Uuid">Profile UUID.</param>
/// <param name="State">Activation state.</param>
/// <param name="Connection">Path of the settings connection.</param>
/// <param name="Devices">Paths of the devices it is active on.</param>
public sealed record NmActiveConnection(
    string Path, string Id, string Uuid, NmActiveConnectionState State, string Connection, IReadOnlyList<string> Devices);

/// <summary>A hint that NetworkManager's state may have changed (never the change itself).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">"device /org/.../Devices/3 100 -> 30", "owner :1.4 -> :1.9".</param>
public sealed record NmHint(NmHintKind Kind, string Detail);

/// <summary>Kinds of <see cref="NmHint"/>.</summary>
public enum NmHintKind
{
    /// <summary>org.freedesktop.NetworkManager changed owner: NM started, stopped or restarted.</summary>
    NameOwnerChanged,

    /// <summary>A device's StateChanged signal.</summary>
    DeviceStateChanged,

    /// <summary>The bus connection was lost (and will be re-established on the next call).</summary>
    ConnectionLost,
}
