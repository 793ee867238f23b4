namespace MeshAgent.NetworkManager.Client;

/// <summary>NMState: the overall networking state (NetworkManager.State).</summary>
public enum NmState : uint
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>Networking is disabled.</summary>
    Asleep = 10,

    /// <summary>No active connection.</summary>
    Disconnected = 20,

    /// <summary>Connections are going down.</summary>
    Disconnecting = 30,

    /// <summary>A connection is coming up.</summary>
    Connecting = 40,

    /// <summary>Only local (link-local or LAN) connectivity.</summary>
    ConnectedLocal = 50,

    /// <summary>Site-wide connectivity.</summary>
    ConnectedSite = 60,

    /// <summary>Global connectivity.</summary>
    ConnectedGlobal = 70,
}

/// <summary>NMConnectivityState (NetworkManager.Connectivity); ordered from worst to best.</summary>
public enum NmConnectivityState : uint
{
    /// <summary>Not known (checking disabled or not done yet).</summary>
    Unknown = 0,

    /// <summary>Not connected to any network.</summary>
    None = 1,

    /// <summary>Behind a captive portal.</summary>
    Portal = 2,

    /// <summary>Connected, but no Internet.</summary>
    Limited = 3,

    /// <summary>Connected with full access.</summary>
    Full = 4,
}

/// <summary>NMDeviceState (Device.State).</summary>
public enum NmDeviceState : uint
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>Not managed by NetworkManager.</summary>
    Unmanaged = 10,

    /// <summary>Managed but not usable (no carrier, missing firmware).</summary>
    Unavailable = 20,

    /// <summary>Usable, no connection active.</summary>
    Disconnected = 30,

    /// <summary>Activation: preparing.</summary>
    Prepare = 40,

    /// <summary>Activation: configuring.</summary>
    Config = 50,

    /// <summary>Activation: waiting for secrets.</summary>
    NeedAuth = 60,

    /// <summary>Activation: requesting addresses.</summary>
    IpConfig = 70,

    /// <summary>Activation: checking IP connectivity.</summary>
    IpCheck = 80,

    /// <summary>Activation: waiting for a secondary connection.</summary>
    Secondaries = 90,

    /// <summary>Active.</summary>
    Activated = 100,

    /// <summary>Going down.</summary>
    Deactivating = 110,

    /// <summary>Activation failed.</summary>
    Failed = 120,
}

/// <summary>NMActiveConnectionState (Connection.Active.State).</summary>
public enum NmActiveConnectionState : uint
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>Coming up.</summary>
    Activating = 1,

    /// <summary>Up.</summary>
    Activated = 2,

    /// <summary>Going down.</summary>
    Deactivating = 3,

    /// <summary>Down; the object goes away soon.</summary>
    Deactivated = 4,
}

/// <summary>NMDeviceType values we name; others appear as their number.</summary>
public enum NmDeviceType : uint
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>Ethernet (veth too).</summary>
    Ethernet = 1,

    /// <summary>Bridge.</summary>
    Bridge = 13,

    /// <summary>Generic (e.g. a dummy without plugin).</summary>
    Generic = 14,

    /// <summary>Dummy.</summary>
    Dummy = 22,

    /// <summary>Loopback.</summary>
    Loopback = 32,

    /// <summary>veth.</summary>
    Veth = 20,

    /// <summary>WireGuard.</summary>
    WireGuard = 29,
}

/// <summary>NMCheckpointCreateOptions.</summary>
[Flags]
public enum CheckpointCreateOptions : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Destroy all earlier checkpoints first.</summary>
    DestroyAll = 0x1,

    /// <summary>On rollback, delete connections added after the checkpoint.</summary>
    DeleteNewConnections = 0x2,

    /// <summary>On rollback, disconnect devices that appeared after the checkpoint (e.g. an added bridge).</summary>
    DisconnectNewDevices = 0x4,

    /// <summary>Allow checkpoints that overlap in devices.</summary>
    AllowOverlapping = 0x8,
}

/// <summary>NMSettingsAddConnection2Options.</summary>
[Flags]
public enum AddConnection2Options : uint
{
    /// <summary>No flags (invalid alone: one of ToDisk / InMemory is required).</summary>
    None = 0,

    /// <summary>Persist to disk.</summary>
    ToDisk = 0x1,

    /// <summary>Keep in memory only.</summary>
    InMemory = 0x2,

    /// <summary>Do not autoconnect the new profile by itself (we activate explicitly).</summary>
    BlockAutoconnect = 0x20,
}

/// <summary>NMSettingsUpdate2Options.</summary>
[Flags]
public enum Update2Options : uint
{
    /// <summary>No flags: keep storage as it is.</summary>
    None = 0,

    /// <summary>Persist to disk.</summary>
    ToDisk = 0x1,

    /// <summary>Keep in memory only.</summary>
    InMemory = 0x2,

    /// <summary>Do not autoconnect because of this update.</summary>
    BlockAutoconnect = 0x20,
}
