namespace MeshAgent.Nat.Keeping;

/// <summary>
/// Keeps one UDP port mapped on the gateway for as long as <see cref="RunAsync"/> runs: probes every protocol at once
/// (NAT-PMP &gt; PCP &gt; UPnP), maps with the preferred one, renews at half the lifetime, asks the gateway every
/// <see cref="PortMappingKeeperOptions.CheckInterval"/> for its epoch and external address and maps again after a
/// restart (epoch backwards) or an address change, and deletes the mapping when stopped. A gateway that answers
/// nothing costs one probe per attempt with exponential backoff between attempts, never a busy loop.
/// One caller runs it; <see cref="Current"/> and <see cref="Changed"/> may be read from any thread.
/// </summary>
public sealed class PortMappingKeeper
{
    private readonly Func<IReadOnlyList<IPortMapper>> _createMappers;
    private readonly ushort _internalPort;
    private readonly PortMappingKeeperOptions _options;
    private readonly TimeProvider _time;
    private readonly PortMappingMetrics? _metrics;
    private PortMappingSnapshot _current = PortMappingSnapshot.Starting;
    private TimeSpan _retry;

    /// <summary>Creates the keeper.</summary>
    /// <param name="createMappers">One mapper per protocol for the gateway, made fresh for each probe; the keeper disposes them.</param>
    /// <param name="internalPort">The local UDP port to map (WireGuard's listen port).</param>
    /// <param name="options">Pacing.</param>
    /// <param name="time">The clock every wait runs on.</param>
    /// <param name="metrics">Instruments to update, or null.</param>
    public PortMappingKeeper(Func<IReadOnlyList<IPortMapper>> createMappers, ushort internalPort, PortMappingKeeperOptions options, TimeProvider time, PortMappingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(createMappers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _createMappers = createMappers;
        _internalPort = internalPort;
        _options = options;
        _time = time;
        _metrics = metrics;
        _retry = options.RetryInitial;
    }

    /// <summary>Raised after every change, on the keeper's thread: what happened and the state after it.</summary>
    public event Action<PortMappingChange, PortMappingSnapshot>? Changed;

    /// <summary>The state as of now.</summary>
    public PortMappingSnapshot Current => Volatile.Read(ref _current);

    // For tests: told the wake time each time the keeper starts to wait, after its timer is armed.
    internal Action<DateTimeOffset>? Waiting { get; set; }

    /// <summary>Runs until <paramref name="stop"/> is cancelled, then deletes the mapping (within <see cref="PortMappingKeeperOptions.StopTimeout"/>) and returns.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var mappers = _createMappers();
                try
                {
                    var probe = await GatewayProbe.ProbeAsync(mappers, _options.ProbeTimeout, stop).ConfigureAwait(false);
                    if (probe.Preferred is not { } mapper)
                    {
                        _metrics?.Failed(null);
                        await RetryLaterAsync(PortMappingChange.NoGateway, PortMappingState.NoGateway, probe.Answered, "no NAT-PMP, PCP or UPnP IGD answer from the gateway", stop).ConfigureAwait(false);
                        continue;
                    }

                    var problem = await KeepAsync(mapper, probe.Answered, stop).ConfigureAwait(false);
                    _metrics?.Failed(mapper.Protocol);
                    await RetryLaterAsync(PortMappingChange.Failed, PortMappingState.Failed, probe.Answered, problem, stop).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var mapper in mappers)
                    {
                        await mapper.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (Current.State != PortMappingState.Stopped)
            {
                Publish(PortMappingChange.Stopped, new PortMappingSnapshot(PortMappingState.Stopped, null, Current.Answered, null, null));
            }
        }
    }

    /// <summary>Maps and keeps the mapping with <paramref name="mapper"/>; returns why it could not go on.</summary>
    private async Task<string> KeepAsync(IPortMapper mapper, IReadOnlyList<PortMappingProtocol> answered, CancellationToken stop)
    {
        PortMapping? mapping = null;
        var change = PortMappingChange.Mapped;
        try
        {
            while (true)
            {
                PortMapping fresh;
                try
                {
                    fresh = await mapper.MapUdpAsync(_internalPort, _options.Lifetime, stop).ConfigureAwait(false);
                }
                catch (PortMappingException e)
                {
                    return e.Message;
                }

                if (mapping is not null && change == PortMappingChange.Renewed)
                {
                    _metrics?.Renewed(fresh.Protocol);
                }

                if (mapping is not null && !fresh.External.Equals(mapping.External))
                {
                    _metrics?.ExternalChanged();
                    change = PortMappingChange.ExternalChanged;
                }

                mapping = fresh;
                _retry = _options.RetryInitial;
                Publish(change, new PortMappingSnapshot(PortMappingState.Mapped, mapping, answered, null, mapping.RenewAt));
                change = await WatchAsync(mapper, mapping, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (mapping is not null)
            {
                await DeleteAsync(mapper, mapping, answered).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Waits until the mapping needs renewing or making again, checking on the gateway meanwhile; says which.</summary>
    private async Task<PortMappingChange> WatchAsync(IPortMapper mapper, PortMapping mapping, CancellationToken stop)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            if (now >= mapping.RenewAt)
            {
                return PortMappingChange.Renewed;
            }

            var wake = mapping.RenewAt - now < _options.CheckInterval ? mapping.RenewAt : now + _options.CheckInterval;
            await WaitUntilAsync(wake, stop).ConfigureAwait(false);
            if (_time.GetUtcNow() >= mapping.RenewAt)
            {
                return PortMappingChange.Renewed;
            }

            // A silent check changes nothing: the renewal decides whether the gateway is gone.
            var seen = await mapper.ObserveAsync(_options.ProbeTimeout, stop).ConfigureAwait(false);
            if (seen?.Epoch is { } epoch && GatewayEpoch.IndicatesRestart(mapping, epoch, _time.GetUtcNow()))
            {
                _metrics?.GatewayRestarted();
                return PortMappingChange.GatewayRestarted;
            }

            if (seen?.ExternalAddress is { } address && !address.Equals(mapping.External.Address))
            {
                return PortMappingChange.ExternalChanged;
            }
        }
    }

    private async Task DeleteAsync(IPortMapper mapper, PortMapping mapping, IReadOnlyList<PortMappingProtocol> answered)
    {
        using var deadline = new CancellationTokenSource(_options.StopTimeout, _time);
        string? problem = null;
        try
        {
            await mapper.UnmapAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (PortMappingException e)
        {
            problem = $"deleting {mapping.External}: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            problem = $"deleting {mapping.External}: no answer within {_options.StopTimeout.TotalSeconds:0} s; the gateway drops it at {mapping.ExpiresAt:u}";
        }

        Publish(PortMappingChange.Stopped, new PortMappingSnapshot(PortMappingState.Stopped, null, answered, problem, null));
    }

    private async Task RetryLaterAsync(PortMappingChange change, PortMappingState state, IReadOnlyList<PortMappingProtocol> answered, string problem, CancellationToken stop)
    {
        var wait = _retry;
        _retry = _retry * 2 > _options.RetryMax ? _options.RetryMax : _retry * 2;
        var wake = _time.GetUtcNow() + wait;
        Publish(change, new PortMappingSnapshot(state, null, answered, problem, wake));
        await WaitUntilAsync(wake, stop).ConfigureAwait(false);
    }

    private async Task WaitUntilAsync(DateTimeOffset wake, CancellationToken stop)
    {
        var delay = wake - _time.GetUtcNow();
        var waiting = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, stop);
        Waiting?.Invoke(wake);
        await waiting.ConfigureAwait(false);
    }

    private void Publish(PortMappingChange change, PortMappingSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Changed?.Invoke(change, snapshot);
    }
}

/// <summary>What a <see cref="PortMappingKeeper"/> just did.</summary>
public enum PortMappingChange
{
    /// <summary>A first mapping was made.</summary>
    Mapped,

    /// <summary>The mapping was renewed at half its lifetime.</summary>
    Renewed,

    /// <summary>The gateway restarted and lost its table; the mapping was made again.</summary>
    GatewayRestarted,

    /// <summary>The external endpoint changed; the mapping was made again.</summary>
    ExternalChanged,

    /// <summary>No protocol answered the probe.</summary>
    NoGateway,

    /// <summary>The gateway refused or stopped answering.</summary>
    Failed,

    /// <summary>Stopped, after deleting the mapping.</summary>
    Stopped,
}
