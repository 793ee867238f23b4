using MeshAgent.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Registers one <see cref="Core.Reconciliation.IReconciler"/> per configured subsystem (a config section
/// that is present turns its subsystem on). Reconcilers run in registration order, so register those a
/// later one depends on first (bridges before dnsmasq). Subsystems add one line here each.
/// </summary>
public static class SubsystemCatalog
{
    /// <summary>Adds the reconcilers of the subsystems <paramref name="config"/> turns on.</summary>
    public static IServiceCollection AddSubsystems(this IServiceCollection services, AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        // No subsystem is implemented yet: the WireGuard, bridge and dnsmasq issues add theirs here.
        return services;
    }
}
