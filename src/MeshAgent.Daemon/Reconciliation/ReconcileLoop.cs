using System.Threading.Channels;
using MeshAgent.Core.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Reconciliation;

/// <summary>
/// The event-driven reconcile loop. A pass attempts every registered reconciler in order, each on its own
/// (one failing never blocks the next), skipping those still backing off. Passes start on: start-up
/// (immediately), <see cref="Trigger"/> hints and <see cref="RequestPassAsync"/> (debounced and coalesced),
/// the periodic timer, and a subsystem's retry time. Only this loop calls reconcilers, so calls to one
/// reconciler never overlap. <see cref="Trigger"/> and <see cref="RequestPassAsync"/> are thread-safe.
/// </summary>
public sealed partial class ReconcileLoop : BackgroundService, IReconcileTrigger
{
    private readonly IReadOnlyList<IReconciler> _reconcilers;
    private readonly ReconcileRunner _runner;
    private readonly ReconcileStatus _status;
    private readonly ReconcileLoopOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Registers the reconcilers' subsystems with <paramref name="status"/> and their metric series.</summary>
    public ReconcileLoop(
        IEnumerable<IReconciler> reconcilers,
        ReconcileRunner runner,
        ReconcileStatus status,
        ReconcileMetrics metrics,
        ReconcileLoopOptions options,
        TimeProvider time,
        ILogger<ReconcileLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(reconcilers);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(metrics);
        _reconcilers = [.. reconcilers];
        _runner = runner;
        _status = status;
        _options = options;
        _time = time;
        _logger = logger;
        var duplicate = _reconcilers.GroupBy(r => r.Subsystem, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two reconcilers claim subsystem '{duplicate.Key}'");
        }

        status.Register(_reconcilers.Select(r => r.Subsystem));
        foreach (var reconciler in _reconcilers)
        {
            metrics.Register(reconciler.Subsystem);
        }
    }

    /// <summary>The subsystems in reconcile order.</summary>
    public IEnumerable<string> Subsystems => _reconcilers.Select(r => r.Subsystem);

    /// <inheritdoc />
    public void Trigger(string reason) => _requests.Writer.TryWrite(new Request(reason, BypassBackoff: false, Done: null));

    /// <summary>
    /// Requests a pass and completes when a pass that started after this call has finished. With
    /// <paramref name="bypassBackoff"/> every subsystem is attempted, backing off or not (used after a
    /// config reload).
    /// </summary>
    public Task RequestPassAsync(string reason, bool bypassBackoff, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(new Request(reason, bypassBackoff, done)))
        {
            done.TrySetCanceled(cancellationToken);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _status.SetLoopRunning(true);
        try
        {
            Log.LoopStarted(_logger, _reconcilers.Count);
            await RunPassAsync("start", bypassBackoff: true, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var (reason, bypass, waiters) = await WaitForWorkAsync(stoppingToken);
                await RunPassAsync(reason, bypass, stoppingToken);
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
        finally
        {
            _status.SetLoopRunning(false);
            _requests.Writer.TryComplete();
            while (_requests.Reader.TryRead(out var request))
            {
                request.Done?.TrySetCanceled(stoppingToken);
            }
        }
    }

    /// <summary>One pass over every reconciler; exposed for tests and <c>apply --once</c>-like callers.</summary>
    internal async Task RunPassAsync(string reason, bool bypassBackoff, CancellationToken cancellationToken)
    {
        Log.PassStarting(_logger, reason);
        foreach (var reconciler in _reconcilers)
        {
            if (!bypassBackoff && !_status.IsDue(reconciler.Subsystem))
            {
                continue;
            }

            _status.BeginStep();
            var outcome = await _runner.RunAsync(reconciler, cancellationToken);
            _status.Record(outcome);
        }

        _status.CompletePass();
    }

    private async Task<(string Reason, bool Bypass, List<TaskCompletionSource> Waiters)> WaitForWorkAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var periodic = (_status.LastPass ?? now) + _options.Period;
        var retry = _status.EarliestRetry();
        var deadline = retry is not null && retry < periodic ? retry.Value : periodic;
        var delay = deadline > now ? deadline - now : TimeSpan.Zero;

        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            var readable = _requests.Reader.WaitToReadAsync(wait.Token).AsTask();
            var timer = Task.Delay(delay, _time, wait.Token);
            var first = await Task.WhenAny(readable, timer);
            await wait.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
            if (first == timer && !(readable.IsCompletedSuccessfully && readable.Result))
            {
                return (deadline == periodic ? "periodic" : "retry", false, []);
            }
        }

        // Collect the burst: whatever else arrives within the debounce window joins this pass.
        await Task.Delay(_options.Debounce, _time, stoppingToken);
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var bypass = false;
        var waiters = new List<TaskCompletionSource>();
        while (_requests.Reader.TryRead(out var request))
        {
            reasons.Add(request.Reason);
            bypass |= request.BypassBackoff;
            if (request.Done is not null)
            {
                waiters.Add(request.Done);
            }
        }

        return (string.Join(',', reasons), bypass, waiters);
    }

    private sealed record Request(string Reason, bool BypassBackoff, TaskCompletionSource? Done);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Reconcile loop started with {Count} subsystem(s)")]
        public static partial void LoopStarted(ILogger logger, int count);

        [LoggerMessage(EventId = 1111, Level = LogLevel.Debug, Message = "Reconcile pass starting ({Reason})")]
        public static partial void PassStarting(ILogger logger, string reason);
    }
}
