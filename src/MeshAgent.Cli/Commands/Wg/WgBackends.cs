using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Kernel;
using MeshAgent.WireGuard.Userspace;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>
/// Builds the WireGuard client meshctl wg talks to: the kernel backend first (as wg(8) looks at the
/// kernel first), then userspace sockets. A kernel without the module simply has no devices.
/// </summary>
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

        KernelWireGuardClient? kernel;
        try
        {
            kernel = new KernelWireGuardClient();
        }
        catch (WireGuardException)
        {
            // No netlink here (e.g. a restricted container): userspace devices are all we can reach.
            kernel = null;
        }

        return kernel is null ? new WireGuardClient([userspace]) : new WireGuardClient([kernel, userspace]);
    }
}
