using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>The service provider of the one-shot verbs (plan, apply --once): the reconcilers without the host, HTTP or systemd.</summary>
public static class OneShotServices
{
    /// <summary>Builds the provider; dispose it when done.</summary>
    public static ServiceProvider Build(string configPath, AgentConfig config)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => DaemonLogging.Configure(logging, DaemonLogging.IsJournal()));
        services.AddReconciliation(configPath, config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
