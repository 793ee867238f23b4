using MeshAgent.Core;
using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// <c>meshagent apply --once</c>: one reconcile attempt per configured subsystem (plan, apply, read back),
/// printing what was applied; exit 0 when every subsystem converged, 1 otherwise (also when a subsystem can only
/// run under the daemon, see <see cref="DaemonBoundSubsystems"/>), 78 for an invalid config.
/// </summary>
public static class ApplyOnceVerb
{
    /// <summary>The line printed when no subsystem is configured.</summary>
    public const string NothingConfigured = "no subsystems are configured: nothing to apply";

    /// <summary>Runs the verb; returns the exit code.</summary>
    public static Task<int> RunAsync(string configPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        return OneShotVerb.RunAsync(configPath, output, error, NothingConfigured, LogLevel.Information, async (services, reconcilers) =>
        {
            var runner = services.GetRequiredService<ReconcileRunner>();
            var config = services.GetRequiredService<ConfigStore>().Current;
            var allConverged = true;
            foreach (var reconciler in reconcilers)
            {
                if (DaemonBoundSubsystems.Reason(config, reconciler.Subsystem) is { } reason)
                {
                    allConverged = false;
                    await output.WriteLineAsync($"{reconciler.Subsystem}: not applied: {reason}");
                    continue;
                }

                var outcome = await runner.RunAsync(reconciler, cancellationToken);
                foreach (var change in outcome.Applied)
                {
                    await output.WriteLineAsync($"{outcome.Subsystem}: {change}");
                }

                if (outcome.State == SubsystemState.Converged)
                {
                    await output.WriteLineAsync($"{outcome.Subsystem}: converged ({outcome.Applied.Count} change(s) applied)");
                }
                else
                {
                    allConverged = false;
                    await output.WriteLineAsync($"{outcome.Subsystem}: {outcome.ResultLabel}: {outcome.Problem}");
                }
            }

            return allConverged ? ExitCodes.Ok : ExitCodes.Failure;
        });
    }
}
