using MeshAgent.Core;
using MeshAgent.Core.Reconciliation;
using MeshAgent.Daemon.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// <c>meshagent plan</c>: prints what each configured subsystem would change, one
/// <see cref="PlannedChange"/> per line under its subsystem, without changing anything. Exit 0 when every
/// subsystem could plan, 1 when one could not, 78 for an invalid config.
/// </summary>
public static class PlanVerb
{
    /// <summary>The line printed when no subsystem is configured.</summary>
    public const string NothingConfigured = "no subsystems are configured: nothing to plan";

    /// <summary>Runs the verb; returns the exit code.</summary>
    public static Task<int> RunAsync(string configPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        return OneShotVerb.RunAsync(configPath, output, error, NothingConfigured, LogLevel.Error, async (_, reconcilers) =>
        {
            var exitCode = ExitCodes.Ok;
            foreach (var reconciler in reconcilers)
            {
                try
                {
                    var plan = await reconciler.PlanAsync(cancellationToken);
                    await output.WriteLineAsync(plan.IsEmpty ? $"{reconciler.Subsystem}: up to date" : $"{reconciler.Subsystem}:");
                    foreach (var change in plan.Changes)
                    {
                        await output.WriteLineAsync("  " + change);
                    }

                    foreach (var notice in (reconciler as Firewall.IFirewallReconciler)?.Notices ?? [])
                    {
                        await output.WriteLineAsync("  note: " + notice);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
    #pragma warning disable CA1031 // One subsystem that cannot plan must not hide the others' plans.
                catch (Exception ex)
    #pragma warning restore CA1031
                {
                    await output.WriteLineAsync($"{reconciler.Subsystem}: cannot plan: {ex.Message}");
                    exitCode = ExitCodes.Failure;
                }
            }

            return exitCode;
        });
    }
}
