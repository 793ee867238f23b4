using MeshAgent.Core.Configuration;

namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>The configured WireGuard backend exists on this host: the kernel module, or wireguard-go.</summary>
internal sealed class WireGuardBackendCheck : IDoctorCheck
{
    public string Name => "wireguard-backend";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Config?.Mesh is not { } mesh)
        {
            return DoctorResult.Skipped(Name, "No mesh section: no WireGuard needed.");
        }

        var userspace = facts.WireGuardGo is { } path ? $"wireguard-go at {path}" : null;
        return mesh.Backend switch
        {
            MeshBackend.Kernel when !facts.KernelWireGuard =>
                DoctorResult.Fail(Name, "mesh.backend is kernel but this kernel has no WireGuard module; install it (`modprobe wireguard`) or set mesh.backend: auto with wireguard-go installed."),
            MeshBackend.Userspace when userspace is null =>
                DoctorResult.Fail(Name, $"mesh.backend is userspace but {mesh.UserspaceBinary} is not on PATH; install the wireguard-go package."),
            MeshBackend.Auto when !facts.KernelWireGuard && userspace is null =>
                DoctorResult.Fail(Name, "Neither the WireGuard kernel module nor wireguard-go is available; load the module (`modprobe wireguard`) or install wireguard-go."),
            _ => DoctorResult.Ok(Name, facts.KernelWireGuard && mesh.Backend != MeshBackend.Userspace ? "The kernel has WireGuard." : $"Userspace WireGuard: {userspace}."),
        };
    }
}
