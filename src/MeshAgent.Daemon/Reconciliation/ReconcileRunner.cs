using MeshAgent.Core.Api;
using MeshAgent.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>
/// Runs one attempt at one subsystem: plan, apply when the plan is not empty, time it, count it, and turn
/// any exception or timeout into a <see cref="ReconcileOutcome"/> so that one failing subsystem never
/// stops the others. Only cancellation of the caller's token propagates. Stateless apart from its
/// collaborators; callers serialise calls per reconciler.
/// </summary>
public sealed partial class ReconcileRunner(
    ReconcileMetrics metrics,
    ReconcileLoopOptions options,
    TimeProvider time,
    ILogger<ReconcileRunner> logger)
{
    /// <summary>Plans and applies <paramref name="reconciler"/> once.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ReconcileOutcome> RunAsync(IReconciler reconciler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        var subsystem = reconciler.Subsystem;
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.StepTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ReconcilePlan? plan = null;
        ReconcileOutcome outcome;
        try
        {
            plan = await reconciler.PlanAsync(linked.Token);
            if (plan.IsEmpty)
            {
                outcome = new ReconcileOutcome(subsystem, SubsystemState.Converged, null, plan, [], time.GetElapsedTime(started));
            }
            else
            {
                Log.Applying(logger, subsystem, plan.Changes.Count);
                var result = await reconciler.ApplyAsync(plan, linked.Token);
                outcome = result.Converged
                    ? new ReconcileOutcome(subsystem, SubsystemState.Converged, null, plan, result.Applied, time.GetElapsedTime(started))
                    : new ReconcileOutcome(subsystem, SubsystemState.Diverged, result.Problem ?? "read-back differs from the desired state", plan, result.Applied, time.GetElapsedTime(started));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var problem = $"timed out after {options.StepTimeout.TotalSeconds:0.#} s";
            outcome = new ReconcileOutcome(subsystem, SubsystemState.Failed, problem, plan, [], time.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // A reconciler's failure of any kind must become data: it must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Threw(logger, subsystem, ex);
            outcome = new ReconcileOutcome(subsystem, SubsystemState.Failed, ex.Message, plan, [], time.GetElapsedTime(started));
        }

        metrics.Record(outcome);
        if (outcome.State == SubsystemState.Converged)
        {
            Log.Converged(logger, subsystem, outcome.Applied.Count, outcome.Duration.TotalMilliseconds);
        }
        else
        {
            Log.NotConverged(logger, subsystem, outcome.State, outcome.Problem ?? string.Empty, outcome.Duration.TotalMilliseconds);
        }

        return outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Subsystem {Subsystem}: applying {Changes} change(s)")]
        public static partial void Applying(ILogger logger, string subsystem, int changes);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Subsystem {Subsystem} converged ({Applied} applied) in {DurationMs:0.0} ms")]
        public static partial void Converged(ILogger logger, string subsystem, int applied, double durationMs);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Subsystem {Subsystem} {State}: {Problem} ({DurationMs:0.0} ms)")]
        public static partial void NotConverged(ILogger logger, string subsystem, SubsystemState state, string problem, double durationMs);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Subsystem {Subsystem}: reconcile threw")]
        public static partial void Threw(ILogger logger, string subsystem, Exception exception);
    }
}
