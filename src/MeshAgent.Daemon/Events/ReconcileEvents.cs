using MeshAgent.Core.Api;
using MeshAgent.Daemon.Reconciliation;

namespace MeshAgent.Daemon.Events;

/// <summary>After every pass, publishes subsystems that turned failed (or failed differently) and those that recovered.</summary>
public sealed class ReconcileEvents
{
    private readonly ReconcileStatus _status;
    private readonly IMeshEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Dictionary<string, string?> _failed = new(StringComparer.Ordinal);

    private ReconcileEvents(ReconcileStatus status, IMeshEventPublisher publisher, TimeProvider time)
    {
        _status = status;
        _publisher = publisher;
        _time = time;
    }

    /// <summary>Starts publishing <paramref name="status"/>'s transitions.</summary>
    public static void Connect(ReconcileStatus status, IMeshEventPublisher publisher, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(time);
        var events = new ReconcileEvents(status, publisher, time);
        status.PassCompleted += (_, _) => events.Compare();
    }

    private void Compare()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var failed = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var subsystem in _status.Subsystems())
            {
                if (subsystem.State == SubsystemState.Failed)
                {
                    failed[subsystem.Subsystem] = subsystem.Problem;
                    if (!_failed.TryGetValue(subsystem.Subsystem, out var before) || before != subsystem.Problem)
                    {
                        _publisher.Publish(new MeshEvent(MeshEventTypes.ReconcileFailed, subsystem.Subsystem, subsystem.Problem, now));
                    }
                }
                else if (subsystem.State == SubsystemState.Converged && _failed.ContainsKey(subsystem.Subsystem))
                {
                    _publisher.Publish(new MeshEvent(MeshEventTypes.ReconcileRecovered, subsystem.Subsystem, null, now));
                }
                else if (_failed.TryGetValue(subsystem.Subsystem, out var still))
                {
                    failed[subsystem.Subsystem] = still;
                }
            }

            _failed = failed;
        }
    }
}
