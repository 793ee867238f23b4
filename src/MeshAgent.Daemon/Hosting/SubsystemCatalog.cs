using MeshAgent.Core.Configuration;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Subsystems;
using MeshAgent.Dnsmasq.Probing;
using MeshAgent.Dnsmasq.Reconciliation;
using MeshAgent.Dnsmasq.Supervision;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Vrb;
using MeshAgent.Netlink.Route;
using MeshAgent.WireGuard;
using MeshAgent.WireGuard.Kernel;
using MeshAgent.WireGuard.Reconciliation;
using MeshAgent.WireGuard.Userspace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;

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
        if (config.Vrb is not null)
        {
            AddBridges(services, config);
        }

        if (config.DnsDhcp is not null)
        {
            AddDnsmasq(services);
        }

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

    /// <summary>NetworkManager bridges under checkpoints; the bridge layout is read from the config at start.</summary>
    private static void AddBridges(IServiceCollection services, AgentConfig config)
    {
        services.AddSingleton<INetworkManagerClient>(sp => new NetworkManagerClient(loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IReconciler>(sp => new VrbReconciler(
            sp.GetRequiredService<INetworkManagerClient>(),
            VrbSpecMapping.Map(config),
            new PingConnectivityProbe(),
            sp.GetRequiredService<IReconcileTrigger>().Trigger,
            new VrbMetrics(sp.GetService<IMeterFactory>()),
            logger: sp.GetRequiredService<ILogger<VrbReconciler>>()));
    }

    /// <summary>dnsmasq as a supervised child; its options follow the current config and the mesh's names.</summary>
    private static void AddDnsmasq(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = CurrentDnsmasqOptions(sp);
            var time = sp.GetRequiredService<TimeProvider>();
            return new DnsmasqSupervisor(
                new ChildProcessLauncher(sp.GetRequiredService<ILogger<ChildProcessLauncher>>()),
                new DnsmasqProbe(options, time),
                time,
                sp.GetRequiredService<ILogger<DnsmasqSupervisor>>(),
                sp.GetService<IMeterFactory>());
        });
        services.AddSingleton<IReconciler>(sp => new DnsmasqReconciler(sp.GetRequiredService<DnsmasqSupervisor>(), () => CurrentDnsmasqOptions(sp)));
    }

    private static Dnsmasq.Configuration.DnsmasqOptions CurrentDnsmasqOptions(IServiceProvider sp) =>
        DnsmasqOptionsMapping.Map(
            sp.GetRequiredService<ConfigStore>().Current,
            sp.GetService<MeshDesiredStateSource>()?.Current(),
            () => DnsmasqOptionsMapping.ReadHostResolvers());

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
