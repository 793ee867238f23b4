using MeshAgent.Core.Api;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Firewall;
using MeshAgent.Firewall.Firewalld;
using MeshAgent.Firewall.Metrics;
using MeshAgent.Firewall.Nftables;
using MeshAgent.Firewall.Rules;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// The host firewall as one more reconciler: nftables (our own table) or firewalld (its zones over D-Bus), as
/// <c>firewall.backend</c> says; <c>auto</c> picks firewalld when it owns its name on the system bus at the first
/// pass. Its metrics and its status.
/// </summary>
public static class FirewallSubsystem
{
    /// <summary>Registers the firewall reconciler; its rules follow the current config.</summary>
    public static IServiceCollection AddFirewall(this IServiceCollection services)
    {
        services.AddSingleton<IFirewallReconciler>(sp =>
        {
            var store = sp.GetRequiredService<ConfigStore>();
            var time = sp.GetRequiredService<TimeProvider>();
            FirewallSpec Desired() => FirewallSpecMapping.Map(store.Current);
            IFirewallReconciler Nftables() => new NftablesReconciler(new NftProcess(), Desired, time);
            IFirewallReconciler Firewalld() => CreateFirewalld(store, Desired, reason => sp.GetRequiredService<IReconcileTrigger>().Trigger(reason), time);
            var firewall = store.Current.Firewall ?? new FirewallConfig();
            return firewall.Backend switch
            {
                FirewallBackend.Nftables => Nftables(),
                FirewallBackend.Firewalld => Firewalld(),
                _ => new ChosenFirewallReconciler(ct => FirewalldDBusClient.IsRunningAsync(null, ct), Firewalld, Nftables),
            };
        });
        services.AddSingleton<IReconciler>(sp =>
        {
            var reconciler = sp.GetRequiredService<IFirewallReconciler>();
            sp.GetRequiredService<FirewallMetrics>();
            return reconciler;
        });
        services.AddSingleton(sp =>
        {
            var reconciler = sp.GetRequiredService<IFirewallReconciler>();
            return new FirewallMetrics(
                sp.GetService<IMeterFactory>(),
                () => reconciler.Backend,
                () => reconciler.RuleCount,
                () => reconciler.InSync ? 1 : 0,
                () => reconciler.LastApply?.ToUnixTimeMilliseconds() / 1000.0);
        });
        return services;
    }

    /// <summary>The firewall part of <c>meshctl status</c>.</summary>
    public static FirewallStatus Status(IFirewallReconciler reconciler)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        return new FirewallStatus(reconciler.Backend, reconciler.InSync, reconciler.RuleCount, reconciler.LastApply, reconciler.Notices);
    }

    /// <summary>Where the settings we added to firewalld are kept, so <c>meshagent cleanup</c> removes only ours.</summary>
    public static string FirewalldRecordPath(string stateDirectory) => Path.Combine(stateDirectory, FirewalldRecord.FileName);

    private static FirewalldReconciler CreateFirewalld(ConfigStore store, Func<FirewallSpec> desired, Action<string> trigger, TimeProvider time)
    {
        var config = store.Current;
        var firewall = config.Firewall ?? new FirewallConfig();
        return new FirewalldReconciler(
            async ct => await FirewalldDBusClient.ConnectAsync(null, ct),
            desired,
            new FirewalldOptions { Zone = firewall.Zone, Permanent = firewall.Permanent },
            new FirewalldRecord(FirewalldRecordPath(config.Node.StateDirectory)),
            trigger,
            time);
    }
}
