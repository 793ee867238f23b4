using System.Net;
using MeshAgent.Core.Reconciliation;
using MeshAgent.NetworkManager.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// Reconciles the Virtual Routing Bridge: NetworkManager profiles for the LAN and external bridges and
/// their ports, plus devices NM must leave alone. It touches only profiles it owns
/// (<see cref="VrbProfiles.IsOwned"/>). Every non-empty apply runs under an NM checkpoint: apply, wait for
/// activation, check connectivity, then destroy the checkpoint, or roll it back and throw
/// <see cref="VrbApplyException"/>. NM restarts and device state changes are hints: they are debounced
/// and passed to the reconcile loop through the <c>requestReconcile</c> callback, which re-plans.
/// Calls are serialised by the reconcile loop (not concurrent); <see cref="Spec"/> may be swapped at any time.
/// </summary>
public sealed partial class VrbReconciler : IReconciler, IAsyncDisposable
{
    private const CheckpointCreateOptions CheckpointFlags =
        CheckpointCreateOptions.DeleteNewConnections | CheckpointCreateOptions.DisconnectNewDevices;

    private readonly INetworkManagerClient _client;
    private readonly IConnectivityProbe _probe;
    private readonly VrbReconcilerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VrbMetrics _metrics;
    private readonly HintDebouncer _debouncer;
    private IAsyncDisposable? _watch;
    private volatile VrbSpec _spec;

    /// <summary>Creates the reconciler; nothing is read until the first plan.</summary>
    /// <param name="client">NetworkManager.</param>
    /// <param name="spec">The desired VRB.</param>
    /// <param name="probe">Connectivity checks from the host NM configures.</param>
    /// <param name="requestReconcile">Called (from a timer thread) with a reason when NM's state may have changed.</param>
    /// <param name="metrics">Instruments; a private meter when null.</param>
    /// <param name="options">Timing; defaults when null.</param>
    /// <param name="time">Clock; the system clock when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    public VrbReconciler(
        INetworkManagerClient client,
        VrbSpec spec,
        IConnectivityProbe probe,
        Action<string> requestReconcile,
        VrbMetrics? metrics = null,
        VrbReconcilerOptions? options = null,
        TimeProvider? time = null,
        ILogger<VrbReconciler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(requestReconcile);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _metrics = metrics ?? new VrbMetrics();
        _options = options ?? new VrbReconcilerOptions();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _debouncer = new HintDebouncer(_time, _options.HintDebounce, requestReconcile);
        _ = VrbProfiles.Build(spec); // fail fast on a spec that cannot be expressed as profiles
    }

    /// <inheritdoc />
    public string Subsystem => "networkmanager";

    /// <summary>The desired VRB; replacing it takes effect at the next plan.</summary>
    public VrbSpec Spec
    {
        get => _spec;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _ = VrbProfiles.Build(value);
            _spec = value;
        }
    }

    /// <inheritdoc />
    public async Task<ReconcilePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var plan = VrbPlanner.Plan(_spec, await ReadAsync(cancellationToken));
        return new ReconcilePlan(Subsystem, plan.Steps.Select(s => s.ToPlannedChange()).ToList());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Re-reads NM and applies the plan for the current state (the whole desired state; <paramref name="plan"/>
    /// is what was shown and may be stale). Throws <see cref="VrbApplyException"/> after a rollback and
    /// <see cref="NetworkManagerUnavailableException"/> when NM cannot be reached before anything changed.
    /// </remarks>
    public async Task<ReconcileResult> ApplyAsync(ReconcilePlan plan, CancellationToken cancellationToken)
    {
        var spec = _spec;
        var before = await ReadAsync(cancellationToken);
        var vrbPlan = VrbPlanner.Plan(spec, before);
        if (vrbPlan.Steps.Count == 0)
        {
            return Result([], spec, before, vrbPlan);
        }

        var baseline = await ConnectivityBaselineAsync(spec.Connectivity, cancellationToken);
        var checkpoint = await CallAsync(
            () => _client.CheckpointCreateAsync([], (uint)Math.Ceiling(spec.RollbackTimeout.TotalSeconds), CheckpointFlags, cancellationToken));
        _metrics.Applied();
        var applied = new List<PlannedChange>();
        try
        {
            foreach (var step in vrbPlan.Steps)
            {
                var change = step.ToPlannedChange();
                Log.Applying(_logger, change.ToString());
                await ExecuteAsync(step, before, cancellationToken);
                applied.Add(change);
                _metrics.Changed(change.Kind);
            }

            await WaitForActivationAsync(spec, cancellationToken);
            await CheckConnectivityAsync(spec.Connectivity, baseline, cancellationToken);
            await _client.CheckpointDestroyAsync(checkpoint, cancellationToken);
            Log.Applied(_logger, applied.Count, checkpoint);
        }
        catch (Exception e)
        {
            // Whatever failed (NM, a check, a bug of ours, cancellation), nothing half-applied may stay.
            var problem = e is OperationCanceledException ? "apply cancelled" : e.Message;
            Log.RollingBack(_logger, checkpoint, problem, e is VrbStepFailedException ? null : e);
            var rolledBack = await RollBackAsync(checkpoint);
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new VrbApplyException(problem, rolledBack, e);
        }

        var after = await ReadAsync(cancellationToken);
        return Result(applied, spec, after, VrbPlanner.Plan(spec, after));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }

        _debouncer.Dispose();
    }

    private ReconcileResult Result(IReadOnlyList<PlannedChange> applied, VrbSpec spec, NmSnapshot state, VrbPlan remaining)
    {
        var problems = remaining.Waiting.ToList();
        problems.AddRange(remaining.Steps.Select(s => $"still pending: {s.ToPlannedChange()}"));
        if (!VrbPlanner.IsActivated(spec, state))
        {
            problems.Add("not every profile is activated yet");
        }

        return new ReconcileResult(Subsystem, applied, problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    private async Task<NmSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await EnsureWatchingAsync(cancellationToken);
        return await CallAsync(() => NmSnapshot.ReadAsync(_client, cancellationToken));
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            var result = await call();
            _metrics.Reachable(true);
            return result;
        }
        catch (NetworkManagerUnavailableException e)
        {
            _metrics.Reachable(false);
            Log.Unreachable(_logger, e.Message);
            throw;
        }
    }

    private async Task EnsureWatchingAsync(CancellationToken cancellationToken)
    {
        if (_watch is null)
        {
            _watch = await CallAsync(() => _client.WatchAsync(OnHint, cancellationToken));
        }
    }

    private void OnHint(NmHint hint)
    {
        Log.Hint(_logger, hint.Detail);
        if (hint.Kind is NmHintKind.ConnectionLost or NmHintKind.NameOwnerChanged)
        {
            _metrics.Reachable(false);
        }

        _debouncer.Post(
            hint.Kind switch
            {
                NmHintKind.NameOwnerChanged => $"NetworkManager owner changed ({hint.Detail})",
                NmHintKind.ConnectionLost => "bus connection lost",
                _ => $"device state changed ({hint.Detail})",
            },
            important: hint.Kind != NmHintKind.DeviceStateChanged);
    }

    private async Task ExecuteAsync(VrbStep step, NmSnapshot before, CancellationToken ct)
    {
        switch (step)
        {
            case DeleteProfileStep delete:
                await _client.DeleteAsync(delete.Profile.Path, ct);
                if (delete.Profile.Settings.Type == VrbProfiles.BridgeType && delete.Profile.Settings.InterfaceName is { } link)
                {
                    await WaitForLinkToVanishAsync(link, ct);
                }

                break;

            case AddProfileStep add:
                await _client.AddConnection2Async(
                    add.Profile.Settings, AddConnection2Options.ToDisk | AddConnection2Options.BlockAutoconnect, ct);
                break;

            case UpdateProfileStep update:
                await _client.Update2Async(update.Existing.Path, update.Profile.Settings, Update2Options.ToDisk, ct);
                if (before.ActiveByUuid(update.Profile.Uuid) is not null)
                {
                    await ReapplyAsync(update.Profile, update.Existing.Path, ct);
                }

                break;

            case SetUnmanagedStep unmanaged:
                if (await _client.GetDeviceByIpIfaceAsync(unmanaged.InterfaceName, ct) is { } device)
                {
                    await _client.SetDeviceManagedAsync(device, false, ct);
                }

                break;

            case ActivateProfileStep activate:
                await ActivateAsync(activate.Profile, ct);
                break;

            default:
                throw new InvalidOperationException($"unknown step {step}");
        }
    }

    private async Task ReapplyAsync(DesiredProfile profile, string profilePath, CancellationToken ct)
    {
        var device = await _client.GetDeviceByIpIfaceAsync(profile.InterfaceName, ct);
        if (device is not null)
        {
            try
            {
                await _client.ReapplyAsync(device, ct);
                return;
            }
            catch (NetworkManagerException e) when (e is not NetworkManagerUnavailableException)
            {
                // Some keys (connection.master, bridge options on older NM) cannot be reapplied live.
                Log.ReapplyRefused(_logger, profile.InterfaceName, e.Message);
            }
        }

        await _client.ActivateConnectionAsync(profilePath, device ?? "/", "/", ct);
    }

    private async Task ActivateAsync(DesiredProfile profile, CancellationToken ct)
    {
        if (!profile.IsPort)
        {
            // Activating a port brings its bridge up; activating the bridge again would bounce it.
            foreach (var path in await _client.GetActiveConnectionsAsync(ct))
            {
                try
                {
                    var active = await _client.GetActiveConnectionAsync(path, ct);
                    if (string.Equals(active.Uuid, profile.Uuid, StringComparison.OrdinalIgnoreCase)
                        && active.State is NmActiveConnectionState.Activating or NmActiveConnectionState.Activated)
                    {
                        return;
                    }
                }
                catch (NetworkManagerException e) when (e is not NetworkManagerUnavailableException)
                {
                    // vanished meanwhile
                }
            }
        }

        var connection = await _client.GetConnectionByUuidAsync(profile.Uuid, ct)
            ?? throw new VrbStepFailedException($"profile {profile.Id} vanished before activation");
        var device = profile.IsPort
            ? await _client.GetDeviceByIpIfaceAsync(profile.InterfaceName, ct)
                ?? throw new VrbStepFailedException($"interface {profile.InterfaceName} vanished before activation")
            : "/";
        await _client.ActivateConnectionAsync(connection, device, "/", ct);
    }

    private async Task WaitForLinkToVanishAsync(string link, CancellationToken ct)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.LinkVanishTimeout.TotalSeconds * _time.TimestampFrequency);
        while (await _client.GetDeviceByIpIfaceAsync(link, ct) is not null)
        {
            if (_time.GetTimestamp() >= deadline)
            {
                Log.LinkLingers(_logger, link);
                return;
            }

            await Task.Delay(_options.PollInterval, _time, ct);
        }
    }

    // How long a profile may show no activation at all during the wait before it is activated again.
    private static readonly TimeSpan ReactivateAfter = TimeSpan.FromSeconds(5);

    private async Task WaitForActivationAsync(VrbSpec spec, CancellationToken ct)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.ActivationTimeout.TotalSeconds * _time.TimestampFrequency);
        var retryEvery = (long)(ReactivateAfter.TotalSeconds * _time.TimestampFrequency);
        var nextRetry = _time.GetTimestamp() + retryEvery;
        while (true)
        {
            var state = await NmSnapshot.ReadAsync(_client, ct);
            if (VrbPlanner.IsActivated(spec, state))
            {
                return;
            }

            if (_time.GetTimestamp() >= deadline)
            {
                var pending = VrbProfiles.Build(spec)
                    .Select(p => $"{p.Id}: {state.ActiveByUuid(p.Uuid)?.State.ToString() ?? "inactive"}");
                throw new VrbStepFailedException(
                    $"profiles not activated within {_options.ActivationTimeout.TotalSeconds:0.#} s ({string.Join(", ", pending)})");
            }

            // NM sometimes drops a port's activation while its bridge comes up (seen in the lab: the port inactive,
            // no active connection at all, for the whole wait). A profile that is neither activating nor activated is
            // asked again, every few seconds, until the deadline.
            if (_time.GetTimestamp() >= nextRetry)
            {
                nextRetry = _time.GetTimestamp() + retryEvery;
                foreach (var profile in VrbProfiles.Build(spec).Where(p =>
                    (!p.IsPort || state.DeviceByInterface(p.InterfaceName) is not null) && state.ActiveByUuid(p.Uuid) is null))
                {
                    try
                    {
                        await ActivateAsync(profile, ct);
                    }
                    catch (NetworkManagerException e) when (e is not NetworkManagerUnavailableException)
                    {
                        // Refused this time (the device is busy with the bridge): the next round asks again.
                    }
                }
            }

            await Task.Delay(_options.PollInterval, _time, ct);
        }
    }

    private async Task<object?> ConnectivityBaselineAsync(ConnectivityTarget target, CancellationToken ct) =>
        target.Kind switch
        {
            ConnectivityTargetKind.Gateway => await _probe.GetDefaultGatewayAsync(ct),
            ConnectivityTargetKind.NetworkManager => await CallAsync(() => _client.GetConnectivityAsync(ct)),
            ConnectivityTargetKind.Address => target.Address,
            _ => null,
        };

    private async Task CheckConnectivityAsync(ConnectivityTarget target, object? baseline, CancellationToken ct)
    {
        if (target.Kind == ConnectivityTargetKind.None)
        {
            return;
        }

        if (target.Kind == ConnectivityTargetKind.Gateway && baseline is null)
        {
            Log.NoGateway(_logger);
            return;
        }

        var deadline = _time.GetTimestamp() + (long)(_options.ConnectivityTimeout.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            string failure;
            if (baseline is IPAddress address)
            {
                if (await _probe.PingAsync(address, _options.PingTimeout, ct))
                {
                    return;
                }

                failure = $"connectivity target {address} ({target}) did not answer";
            }
            else
            {
                var now = await _client.GetConnectivityAsync(ct);
                if (now >= (NmConnectivityState)baseline!)
                {
                    return;
                }

                failure = $"NetworkManager connectivity fell from {baseline} to {now}";
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new VrbStepFailedException(failure);
            }

            await Task.Delay(_options.PollInterval, _time, ct);
        }
    }

    private async Task<bool> RollBackAsync(string checkpoint)
    {
        try
        {
            // Not the caller's token: a cancelled apply must still be undone.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.CheckpointRollbackAsync(checkpoint, timeout.Token);
            _metrics.RolledBack();
            return true;
        }
        catch (Exception e) when (e is NetworkManagerException or OperationCanceledException)
        {
            Log.RollbackFailed(_logger, checkpoint, e);
            return false;
        }
    }
}
