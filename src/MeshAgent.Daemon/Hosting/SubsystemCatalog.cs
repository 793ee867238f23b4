using MeshAgent.Core.Configuration;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Netlink.Route;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Kernel;
using MeshAgent.WireGuard.Reconciliation;
using MeshAgent.WireGuard.Userspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Registers one reconciler per configured subsystem. Which subsystems exist is decided by the config at
/// start; what each wants is read from the current config on every pass, so a reload changes it.
/// </summary>
public static class SubsystemCatalog
{
    /// <summary>Adds the reconcilers <paramref name="config"/> asks for.</summary>
    public static IServiceCollection AddSubsystems(this IServiceCollection services, AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        if (config.Mesh is null && config.Vrb?.Lan is null)
        {
            return services;
        }

        services.AddSingleton(sp => new Lazy<NodeIdentity>(() => NodeIdentity.LoadOrCreate(sp.GetRequiredService<ConfigStore>().Current.Node.StateDirectory)));
        services.AddSingleton<MeshDesiredStateSource>();
        services.AddSingleton<IReconciler>(sp =>
        {
            var source = sp.GetRequiredService<MeshDesiredStateSource>();
            return new SysctlReconciler(() => source.Current()?.Sysctls ?? new Dictionary<string, string>());
        });

        if (config.Mesh is { } mesh)
        {
            services.AddSingleton<IWireGuardClient>(sp => CreateWireGuardClient(mesh, sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton(_ => RouteNetlinkClient.Open());
            services.AddSingleton<ILinkControl, RouteNetlinkLinkControl>();
            services.AddSingleton<IReconciler>(sp =>
            {
                var source = sp.GetRequiredService<MeshDesiredStateSource>();
                return new WireGuardReconciler(
                    sp.GetRequiredService<IWireGuardClient>(),
                    sp.GetRequiredService<ILinkControl>(),
                    () => source.Current()?.WireGuard,
                    sp.GetRequiredService<Lazy<NodeIdentity>>().Value.PrivateKey,
                    sp.GetRequiredService<ILogger<WireGuardReconciler>>());
            });
        }

        return services;
    }

    /// <summary>
    /// The composite of both backends. Under "auto" the kernel creates devices when its module is present
    /// (/sys/module/wireguard), wireguard-go otherwise; existing devices are found on either.
    /// </summary>
    private static WireGuardClient CreateWireGuardClient(MeshConfig mesh, ILoggerFactory loggers)
    {
        var userspace = new UserspaceWireGuardClient(
            new UserspaceWireGuardOptions { WireGuardGoPath = mesh.UserspaceBinary },
            loggers.CreateLogger<UserspaceWireGuardClient>());
        var kernel = new KernelWireGuardClient();
        var kernelFirst = mesh.Backend == MeshBackend.Kernel
            || (mesh.Backend == MeshBackend.Auto && Directory.Exists("/sys/module/wireguard"));
        IWireGuardClient[] backends = kernelFirst ? [kernel, userspace] : [userspace, kernel];
        var selection = mesh.Backend switch
        {
            MeshBackend.Kernel => WireGuardBackendSelection.Kernel,
            MeshBackend.Userspace => WireGuardBackendSelection.Userspace,
            _ => WireGuardBackendSelection.Auto,
        };
        return new WireGuardClient(backends, selection);
    }
}
