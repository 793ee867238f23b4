namespace MeshAgent.WireGuard;

/// <summary>Which backend creates new devices (config key <c>mesh.backend</c>).</summary>
public enum WireGuardBackendSelection
{
    /// <summary>The kernel when it supports WireGuard, else userspace.</summary>
    Auto,

    /// <summary>Always the kernel module; fails where it is missing.</summary>
    Kernel,

    /// <summary>Always wireguard-go.</summary>
    Userspace,
}
