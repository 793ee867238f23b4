using MeshAgent.Core.Configuration;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Diagnostics;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Daemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>The daemon's composition root, split so that <c>plan</c> and <c>apply --once</c> share the reconcilers with <c>run</c>.</summary>
public static class DaemonServices
{
    /// <summary>Config, time, reconcile runner and the configured subsystems' reconcilers: what every verb needs.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services, string configPath, AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ConfigStore(configPath, config, sp.GetRequiredService<ILogger<ConfigStore>>()));
        services.AddSingleton(new ReconcileLoopOptions());
        services.AddSingleton<ReconcileMetrics>();
        services.AddSingleton<ReconcileRunner>();
        services.AddSubsystems(config);
        return services;
    }

    /// <summary>The long-running parts of <c>run</c>: loop, systemd contract, reload, metrics, API socket.</summary>
    public static IServiceCollection AddDaemon(this IServiceCollection services, string apiSocketPath)
    {
        services.AddSingleton(BuildInfo.Current);
        services.AddSingleton<ReconcileStatus>();
        services.AddSingleton<ReconcileLoop>();
        services.AddSingleton<IReconcileTrigger>(sp => sp.GetRequiredService<ReconcileLoop>());
        services.AddSystemdContract();
        services.AddSingleton(sp => new MetricsExporter(
            logger: sp.GetRequiredService<ILogger<MetricsExporter>>(),
            sources: sp.GetServices<IScrapeSource>()));
        services.AddSingleton<IScrapeSource, ReadinessMetrics>();
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<StatusReport>();
        services.AddSingleton<SystemdLifecycleService>();
        services.AddSingleton<Events.EventHub>();
        services.AddSingleton<Events.IMeshEventPublisher>(sp => sp.GetRequiredService<Events.EventHub>());
        services.AddSingleton(sp => new ApiSocketService(apiSocketPath, sp.GetRequiredService<ILogger<ApiSocketService>>()));

        // Start order: socket preparation (lifecycle hooks around Kestrel's bind), the loop, SIGHUP (handled
        // from the start: its default action would end the process), then systemd, whose start waits for the
        // first pass and so holds back ApplicationStarted (the library's READY=1).
        services.AddHostedService(sp => sp.GetRequiredService<ApiSocketService>());
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        services.AddHostedService<ReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemdLifecycleService>());
        return services;
    }
}
