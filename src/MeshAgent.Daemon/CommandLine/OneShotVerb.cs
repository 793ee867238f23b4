using MeshAgent.Core;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// What <c>plan</c> and <c>apply --once</c> share: load the config (78 when invalid), build the reconcilers
/// without the host, say so when none is configured, otherwise hand them to the verb's own step.
/// </summary>
internal static class OneShotVerb
{
    /// <summary>Runs <paramref name="body"/> over the configured reconcilers; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        string configPath,
        TextWriter output,
        TextWriter error,
        string nothingConfigured,
        LogLevel minimumLogLevel,
        Func<IServiceProvider, IReadOnlyList<IReconciler>, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        var config = ConfigGate.Load(configPath, error);
        if (config is null)
        {
            return ExitCodes.Config;
        }

        foreach (var line in InactiveSections.Describe(config))
        {
            await output.WriteLineAsync(line);
        }

        await using var services = OneShotServices.Build(configPath, config, minimumLogLevel);
        var reconcilers = services.GetServices<IReconciler>().ToList();
        if (reconcilers.Count == 0)
        {
            await output.WriteLineAsync(nothingConfigured);
            return ExitCodes.Ok;
        }

        return await body(services, reconcilers);
    }
}
