namespace MeshAgent.Lab.NetworkManager;

/// <summary>The files of a private NetworkManager rig (pure text builders; see LAB.md, "NetworkManager 1.42 on a private bus").</summary>
internal static class LabNetworkManagerFiles
{
    /// <summary>
    /// A dbus-daemon configuration listening on a path socket (abstract sockets are per network namespace),
    /// EXTERNAL auth, and an open policy: the test bus belongs to the test alone.
    /// </summary>
    public static string BusConfig(string socketPath) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path={socketPath}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_type="method_call"/>
            <allow send_type="signal"/>
            <allow send_type="method_return"/>
            <allow send_type="error"/>
            <allow receive_type="method_call"/>
            <allow receive_type="signal"/>
            <allow receive_type="method_return"/>
            <allow receive_type="error"/>
          </policy>
        </busconfig>
        """;

    /// <summary>
    /// NetworkManager.conf: keyfile profiles only, nothing automatic (no default profiles, no DNS or
    /// resolv.conf, no hostname, no connectivity checks), no polkit.
    /// </summary>
    public const string NetworkManagerConf = """
        [main]
        plugins=keyfile
        no-auto-default=*
        auth-polkit=false
        dns=none
        rc-manager=unmanaged
        systemd-resolved=false
        hostname-mode=none
        dhcp=internal

        [keyfile]
        path=/etc/NetworkManager/system-connections

        [connectivity]
        enabled=false

        [logging]
        level=DEBUG
        """;

    /// <summary>
    /// The shell line run in NM's private mount namespace: private /run, state, config and resolv.conf,
    /// no vendor profiles, and /sys read-only (with a writable /sys/devices for bridge-port options) so
    /// that NM does not wait for udev forever.
    /// </summary>
    public static string MountAndExec(string directory) => string.Join(" && ",
        $"mount --bind '{directory}/run' /run",
        $"mount --bind '{directory}/varlib' /var/lib/NetworkManager",
        $"mount --bind '{directory}/etc' /etc/NetworkManager",
        $"mount --bind '{directory}/resolv.conf' /etc/resolv.conf",
        $"mount --bind '{directory}/empty' /usr/lib/NetworkManager/system-connections",
        "mount -o remount,bind,ro /sys",
        "mount --bind /sys/devices /sys/devices",
        "mount -o remount,bind,rw /sys/devices",
        "exec NetworkManager --debug");
}
