using MeshAgent.Core.Api;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>
/// The reconcile loop's observable state: per-subsystem last outcome and backoff, the last pass, whether
/// the first pass completed and whether the loop is alive and not stuck. Written by the loop, read by the
/// HTTP endpoints, the systemd notifier and the status API. Thread-safe.
/// </summary>
public sealed class ReconcileStatus
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ReconcileLoopOptions _options;
    private readonly List<Entry> _subsystems = [];
    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _lastPass;
    private DateTimeOffset? _busySince;
    private bool _loopRunning;

    /// <summary>Creates an empty board.</summary>
    public ReconcileStatus(TimeProvider time, ReconcileLoopOptions options)
    {
        _time = time;
        _options = options;
    }

    /// <summary>Raised (on the loop's thread) after every pass; handlers must not block.</summary>
    public event EventHandler? PassCompleted;

    /// <summary>Completes when the first pass (all subsystems attempted once) has finished.</summary>
    public Task FirstPassCompleted => _firstPass.Task;

    /// <summary>When the last pass finished; null before the first.</summary>
    public DateTimeOffset? LastPass
    {
        get
        {
            lock (_gate)
            {
                return _lastPass;
            }
        }
    }

    /// <summary>Adds subsystems in reconcile order, all pending.</summary>
    public void Register(IEnumerable<string> subsystems)
    {
        ArgumentNullException.ThrowIfNull(subsystems);
        lock (_gate)
        {
            foreach (var name in subsystems)
            {
                _subsystems.Add(new Entry(name));
            }
        }
    }

    /// <summary>Marks the loop as running or exited.</summary>
    public void SetLoopRunning(bool running)
    {
        lock (_gate)
        {
            _loopRunning = running;
            _busySince = null;
        }
    }

    /// <summary>Marks the start of one subsystem's attempt (for stall detection).</summary>
    public void BeginStep()
    {
        lock (_gate)
        {
            _busySince = _time.GetUtcNow();
        }
    }

    /// <summary>True when <paramref name="subsystem"/> is not backing off at this moment.</summary>
    public bool IsDue(string subsystem)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var entry = Find(subsystem);
            return entry.NextRetry is null || entry.NextRetry <= now;
        }
    }

    /// <summary>The earliest pending retry of any subsystem; null when none is backing off.</summary>
    public DateTimeOffset? EarliestRetry()
    {
        lock (_gate)
        {
            return _subsystems.Where(s => s.NextRetry is not null).Select(s => s.NextRetry).Min();
        }
    }

    /// <summary>Records an attempt's outcome and computes the subsystem's next retry (backoff) when it did not converge.</summary>
    public void Record(ReconcileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _busySince = null;
            var entry = Find(outcome.Subsystem);
            entry.State = outcome.State;
            entry.Problem = outcome.Problem;
            entry.LastAttempt = now;
            entry.LastDuration = outcome.Duration;
            if (outcome.State == SubsystemState.Converged)
            {
                entry.LastSuccess = now;
                entry.ConsecutiveFailures = 0;
                entry.NextRetry = null;
            }
            else
            {
                entry.ConsecutiveFailures++;
                entry.NextRetry = now + _options.BackoffAfter(entry.ConsecutiveFailures);
            }
        }
    }

    /// <summary>Forgets every backoff (after a config reload: the new config deserves a fresh try).</summary>
    public void ResetBackoff()
    {
        lock (_gate)
        {
            foreach (var entry in _subsystems)
            {
                entry.NextRetry = null;
            }
        }
    }

    /// <summary>Marks a pass as finished; the first call completes <see cref="FirstPassCompleted"/>.</summary>
    public void CompletePass()
    {
        lock (_gate)
        {
            _lastPass = _time.GetUtcNow();
            _busySince = null;
        }

        _firstPass.TrySetResult();
        PassCompleted?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>True while the loop runs and no step has been busy longer than <see cref="ReconcileLoopOptions.StallAfter"/>.</summary>
    public bool IsLoopHealthy()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _loopRunning && (_busySince is null || now - _busySince < _options.StallAfter);
        }
    }

    /// <summary>Per-subsystem state in reconcile order.</summary>
    public IReadOnlyList<SubsystemStatus> Subsystems()
    {
        lock (_gate)
        {
            return [.. _subsystems.Select(s => new SubsystemStatus(
                s.Name, s.State, s.Problem, s.LastAttempt, s.LastSuccess, s.ConsecutiveFailures, s.NextRetry, s.LastDuration?.TotalSeconds))];
        }
    }

    /// <summary>The readiness verdict with one reason per problem.</summary>
    public Readiness Readiness()
    {
        var reasons = new List<string>();
        if (!FirstPassCompleted.IsCompleted)
        {
            reasons.Add("the first reconcile has not completed");
        }

        if (!IsLoopHealthy())
        {
            reasons.Add("the reconcile loop is not running or is stuck");
        }

        foreach (var s in Subsystems())
        {
            if (s.State is SubsystemState.Diverged or SubsystemState.Failed)
            {
                reasons.Add($"{s.Subsystem}: {s.Problem}");
            }
        }

        return new Readiness(reasons.Count == 0, reasons);
    }

    /// <summary>
    /// One short human line for systemd's STATUS= and <c>meshctl status</c>: "starting", "ready: 3
    /// subsystems converged", "ready: no subsystems configured", "degraded: dnsmasq: restart loop".
    /// </summary>
    public string Summary()
    {
        if (!FirstPassCompleted.IsCompleted)
        {
            return "starting: first reconcile in progress";
        }

        var subsystems = Subsystems();
        if (subsystems.Count == 0)
        {
            return "ready: no subsystems configured";
        }

        var failing = subsystems.Where(s => s.State is SubsystemState.Diverged or SubsystemState.Failed).ToList();
        if (failing.Count == 0)
        {
            return subsystems.Count == 1 ? "ready: 1 subsystem converged" : $"ready: {subsystems.Count} subsystems converged";
        }

        var line = "degraded: " + string.Join("; ", failing.Select(s => $"{s.Subsystem}: {s.Problem}"));
        // STATUS= is one line in `systemctl status`; keep it readable there.
        const int MaxLength = 200;
        line = line.ReplaceLineEndings(" ");
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }

    private Entry Find(string subsystem) =>
        _subsystems.Find(s => string.Equals(s.Name, subsystem, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"subsystem '{subsystem}' is not registered");

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;

        public SubsystemState State { get; set; } = SubsystemState.Pending;

        public string? Problem { get; set; }

        public DateTimeOffset? LastAttempt { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset? NextRetry { get; set; }

        public TimeSpan? LastDuration { get; set; }
    }
}
