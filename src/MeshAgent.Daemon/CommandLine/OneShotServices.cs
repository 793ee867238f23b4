using MeshAgent.Core.Configuration;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>The service provider of the one-shot verbs (plan, apply --once): the reconcilers without the host, HTTP or systemd.</summary>
public static class OneShotServices
{
    /// <summary>
    /// Builds the provider; dispose it when done. <paramref name="minimumLogLevel"/> lets <c>plan</c>, whose
    /// output is the report, keep the drivers' warnings (already in that report) off the terminal.
    /// </summary>
    public static ServiceProvider Build(string configPath, AgentConfig config, LogLevel minimumLogLevel = LogLevel.Information)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            DaemonLogging.Configure(logging, DaemonLogging.IsJournal());
            logging.SetMinimumLevel(minimumLogLevel);
        });
        services.AddReconciliation(configPath, config);
        // Subsystems that hint "reconcile again" (the bridges on NM signals) need a trigger; run's is the loop.
        services.AddSingleton<IReconcileTrigger, OneShotTrigger>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
