using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Firewall.Metrics;
using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Hosting;

/// <summary>The host firewall (nftables, our own table) as one more reconciler, its metrics and its status.</summary>
public static class FirewallSubsystem
{
    /// <summary>Registers the nftables reconciler; its rules follow the current config.</summary>
    public static IServiceCollection AddFirewall(this IServiceCollection services)
    {
        services.AddSingleton(sp => new NftablesReconciler(
            new NftProcess(),
            () => FirewallSpecMapping.Map(sp.GetRequiredService<ConfigStore>().Current),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReconciler>(sp =>
        {
            var reconciler = sp.GetRequiredService<NftablesReconciler>();
            sp.GetRequiredService<FirewallMetrics>();
            return reconciler;
        });
        services.AddSingleton(sp =>
        {
            var reconciler = sp.GetRequiredService<NftablesReconciler>();
            return new FirewallMetrics(
                sp.GetService<IMeterFactory>(),
                NftablesReconciler.Backend,
                () => reconciler.RuleCount,
                () => reconciler.InSync ? 1 : 0,
                () => reconciler.LastApply?.ToUnixTimeMilliseconds() / 1000.0);
        });
        return services;
    }

    /// <summary>The firewall part of <c>meshctl status</c>.</summary>
    public static FirewallStatus Status(NftablesReconciler reconciler)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        return new FirewallStatus(NftablesReconciler.Backend, reconciler.InSync, reconciler.RuleCount, reconciler.LastApply, reconciler.Notices);
    }
}
