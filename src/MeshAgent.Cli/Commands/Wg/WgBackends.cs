using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>Builds the WireGuard client meshctl wg talks to: every backend available on this host.</summary>
internal static class WgBackends
{
    /// <summary>Environment variable that moves the userspace socket directory (wg(8) has it compiled in).</summary>
    public const string RunDirectoryVariable = "MESHCTL_WG_RUN_DIR";

    public static IWireGuardClient Create()
    {
        var runDirectory = Environment.GetEnvironmentVariable(RunDirectoryVariable);
        var userspace = new UserspaceWireGuardClient(new UserspaceWireGuardOptions
        {
            RunDirectory = string.IsNullOrEmpty(runDirectory) ? UserspaceWireGuardOptions.DefaultRunDirectory : runDirectory,
            StopDevicesOnDispose = false,
        });

        // The kernel backend joins this list (before userspace) once it is merged.
        return new WireGuardClient([userspace]);
    }
}
