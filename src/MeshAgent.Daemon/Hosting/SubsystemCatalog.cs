using MeshAgent.Core.Configuration;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
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

        if (config.Firewall is not null)
        {
            services.AddFirewall();
        }

        if (config.Mesh is null && config.Vrb?.Lan is null)
        {
            return services;
        }

        services.AddSingleton(sp => new Lazy<NodeIdentity>(() => NodeIdentity.LoadOrCreate(sp.GetRequiredService<ConfigStore>().Current.Node.StateDirectory)));
        if (config is { Mesh: not null, Authority: { } authority })
        {
            AddSignedMesh(services, config, authority);
        }
        else
        {
            services.AddSingleton<MeshDesiredStateSource>();
        }

        services.AddSingleton<IReconciler>(sp =>
        {
            var source = sp.GetRequiredService<MeshDesiredStateSource>();
            return new SysctlReconciler(() => source.Current()?.Sysctls ?? new Dictionary<string, string>());
        });

        if (config.Mesh is { } mesh)
        {
            services.AddSingleton(sp => new MeshView(
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<Lazy<NodeIdentity>>(),
                sp.GetRequiredService<MeshDesiredStateSource>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<MeshState>(),
                sp.GetRequiredService<IWireGuardClient>(),
                () => sp.GetService<AdmissionService>()?.State ?? "the authority issues this node's record",
                sp.GetService<Daemon.Commands.CommandState>(),
                sp.GetService<PathReportBook>()));
            services.AddSingleton<IWireGuardClient>(sp => CreateWireGuardClient(mesh, sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<Prometheus.IScrapeSource>(sp => new PeerMetrics(
                sp.GetRequiredService<MeshView>(), sp.GetRequiredService<MeshDesiredStateSource>(), sp.GetService<MeshState>()));
            services.AddSingleton(_ => RouteNetlinkClient.Open());
            services.AddSingleton<ILinkControl, RouteNetlinkLinkControl>();
            services.AddSingleton<IReconciler>(sp =>
            {
                var source = sp.GetRequiredService<MeshDesiredStateSource>();
                return new WireGuardReconciler(
                    sp.GetRequiredService<IWireGuardClient>(),
                    sp.GetRequiredService<ILinkControl>(),
                    () => source.Current()?.WireGuard,
                    () => sp.GetRequiredService<Lazy<NodeIdentity>>().Value.PrivateKey,
                    sp.GetRequiredService<ILogger<WireGuardReconciler>>());
            });
        }

        return services;
    }

    /// <summary>
    /// The mesh of signed records: verified record book, gossip, admission (or, with the authority's key, the
    /// ledger that signs), record upkeep and direct-path monitoring. Registered before the reconcile loop, so the
    /// admin node's own record exists before the first pass.
    /// </summary>
    private static void AddSignedMesh(IServiceCollection services, AgentConfig config, AuthorityConfig authority)
    {
        services.AddSingleton(sp => new RecordVerifier(Convert.FromBase64String(authority.PublicKey), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RecordBook>();
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<ConfigStore>();
            MeshState? state = null;
            var metrics = new MeshMetrics(
                () => state?.Self?.Record.ExpiresAt is { } expiry ? (expiry - sp.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds : null,
                () => state?.CountByState() ?? []);
            state = new MeshState(
                sp.GetRequiredService<RecordBook>(),
                store.Current.Node.StateDirectory,
                store.Current.Node.Name,
                () => sp.GetRequiredService<Lazy<NodeIdentity>>().Value.PublicKey.ToBase64(),
                metrics,
                sp.GetRequiredService<ILogger<MeshState>>());
            return state;
        });
        services.AddSingleton(sp => new MeshDesiredStateSource(
            sp.GetRequiredService<ConfigStore>(),
            sp.GetRequiredService<Lazy<NodeIdentity>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MeshState>(),
            sp.GetRequiredService<Daemon.Commands.CommandState>()));
        services.AddAuthorityCommands(authority);
        if (authority.KeyFile is { } keyFile)
        {
            services.AddHostedService(sp => new BeaconSender(
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<MeshState>(),
                MeshAuthority.Load(keyFile),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<BeaconSender>>()));
            services.AddSingleton(sp => new AuthorityLedger(
                MeshAuthority.Load(keyFile),
                sp.GetRequiredService<MeshState>(),
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AuthorityLedger>>(),
                sealedToken =>
                {
                    var identity = sp.GetRequiredService<Lazy<NodeIdentity>>().Value;
                    return SealedJoinToken.Open(sealedToken, identity.PublicKey.Bytes, identity.PrivateKey.Bytes);
                }));
            services.AddSingleton(sp => new EndpointUpdateMetrics(sp.GetService<IMeterFactory>()));
        }
        else
        {
            services.AddSingleton<GenesisHubs>();
            services.AddSingleton(sp => new AdmissionService(
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<MeshState>(),
                sp.GetRequiredService<Lazy<NodeIdentity>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AdmissionService>>(),
                sp.GetRequiredService<GenesisHubs>()));
            services.AddHostedService(sp => sp.GetRequiredService<AdmissionService>());
            if (config.Mesh!.Hubs.Count == 0)
            {
                // Genesis: no hubs in the config, so they come from the admin node's signed beacon.
                services.AddHostedService<BeaconListener>();
            }

            if (config.Mesh!.Role == MeshRole.Hub)
            {
                // Any hub admits: without the key it passes join requests on to the admin hub.
                services.AddSingleton<JoinForwarder>();
            }
        }

        services.AddSingleton<IReconciler>(sp => new AdmissionReconciler(
            sp.GetRequiredService<MeshState>(),
            () => sp.GetService<AdmissionService>()?.State ?? "the authority issues this node's record"));
        services.AddHostedService(sp => new RecordUpkeepService(
            sp.GetRequiredService<MeshState>(),
            sp.GetRequiredService<Lazy<NodeIdentity>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<AuthorityLedger>()));
        services.AddHostedService<PathHealthMonitor>();
        services.AddSingleton(sp => new KeyRotationService(
            sp.GetRequiredService<ConfigStore>(),
            sp.GetRequiredService<MeshState>(),
            sp.GetRequiredService<Lazy<NodeIdentity>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KeyRotationService>>(),
            sp.GetService<AuthorityLedger>()));
        services.AddHostedService(sp => sp.GetRequiredService<KeyRotationService>());
        if (config.Gossip is not null)
        {
            services.AddSingleton<GossipService>();
            services.AddHostedService(sp => sp.GetRequiredService<GossipService>());
            AddPathReports(services);
            services.AddSingleton<Prometheus.IScrapeSource>(sp =>
            {
                var gossip = sp.GetRequiredService<GossipService>();
                return new GossipMetrics(() => gossip.Membership);
            });
        }
    }

    /// <summary>Every node's view of its paths, gossiped so that the graph shows the whole mesh.</summary>
    private static void AddPathReports(IServiceCollection services)
    {
        services.AddSingleton<PathReportBook>();
        services.AddSingleton(sp =>
        {
            var book = sp.GetRequiredService<PathReportBook>();
            return new PathReportMetrics(() => book.Reports.Count);
        });
        services.AddSingleton(sp => new PathReportIntake(
            sp.GetRequiredService<PathReportBook>(),
            sp.GetRequiredService<MeshState>(),
            sp.GetRequiredService<PathReportMetrics>(),
            sp.GetRequiredService<ConfigStore>().Current.Node.Name,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PathReportIntake>>(),
            sp.GetService<Daemon.Events.IMeshEventPublisher>()));
        services.AddHostedService(sp => new PathReportPublisher(
            sp.GetRequiredService<MeshView>(),
            sp.GetRequiredService<GossipService>(),
            sp.GetRequiredService<MeshState>(),
            sp.GetRequiredService<PathReportMetrics>(),
            sp.GetRequiredService<ConfigStore>().Current.Node.Name,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PathReportPublisher>>()));
    }

    /// <summary>NetworkManager bridges under checkpoints; the bridge layout is read from the config at start.</summary>
    private static void AddBridges(IServiceCollection services, AgentConfig config)
    {
        services.AddSingleton<INetworkManagerClient>(sp => new NetworkManagerClient(loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IReconciler>(sp => new VrbReconciler(
            sp.GetRequiredService<INetworkManagerClient>(),
            VrbSpecMapping.Map(config),
            new PingConnectivityProbe(),
            // Resolved when NM signals, not now: under `run` the trigger is the loop, which is built from the
            // reconcilers, so resolving it while building this one would wait on itself.
            reason => TriggerUnlessDisposed(sp, reason),
            new VrbMetrics(sp.GetService<IMeterFactory>()),
            logger: sp.GetRequiredService<ILogger<VrbReconciler>>()));
    }

    // A hint that comes in while the services are being disposed (the end of `apply --once`, or of the daemon)
    // has no loop left to wake; without the catch it would be an unhandled exception on a timer thread.
    private static void TriggerUnlessDisposed(IServiceProvider services, string reason)
    {
        try
        {
            services.GetRequiredService<IReconcileTrigger>().Trigger(reason);
        }
        catch (ObjectDisposedException)
        {
        }
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

    /// <summary>Whether a new wg0 is made by the kernel (its module is loaded, or the config asks for it) rather than wireguard-go.</summary>
    public static bool PrefersKernelWireGuard(MeshConfig mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return mesh.Backend == MeshBackend.Kernel
            || (mesh.Backend == MeshBackend.Auto && Directory.Exists("/sys/module/wireguard"));
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
        IWireGuardClient[] backends = PrefersKernelWireGuard(mesh) ? [kernel, userspace] : [userspace, kernel];
        var selection = mesh.Backend switch
        {
            MeshBackend.Kernel => WireGuardBackendSelection.Kernel,
            MeshBackend.Userspace => WireGuardBackendSelection.Userspace,
            _ => WireGuardBackendSelection.Auto,
        };
        return new WireGuardClient(backends, selection);
    }
}
