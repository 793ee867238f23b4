using System.Net;
using System.Threading.Channels;
using MeshAgent.Gossip.Transport;
using MeshAgent.Gossip.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Gossip.Membership;

/// <summary>
/// One member of a SWIM + Lifeguard group speaking memberlist's wire protocol (so Serf agents can take part).
/// Probes members round robin (direct, then indirect and TCP), suspects and declares failures with
/// Lifeguard's shrinking suspicion timeouts and local-health scaling, disseminates by piggybacked gossip
/// with a retransmit limit, syncs full state by push-pull, leaves gracefully and — beyond memberlist —
/// periodically retries failed members so partitions heal by themselves. Everything it learns is published,
/// in order, on <see cref="Events"/>. Thread-safe: all state changes happen under one lock; time comes from the
/// injected <see cref="TimeProvider"/>, so it runs on virtual time in the simulator.
/// </summary>
public sealed partial class GossipMembership : IGossipTransportHandler, IAsyncDisposable
{
    /// <summary>memberlist protocol versions we speak: min 1, max 5, current 2 (Serf 0.9.4 uses 2).</summary>
    private static readonly byte[] ProtocolVersions = [1, 5, 2];

    /// <summary>Delegate (Serf) protocol versions advertised: Serf 0.9.4 sends 2..5, current 5.</summary>
    private static readonly byte[] DelegateVersions = [2, 5, 5];

    private const int CompoundPartOverhead = 2;
    private const int CompoundHeaderOverhead = 2;
    private const int CrcOverhead = 5;
    private const int MaxDecompressedPacket = 1 << 20;

    private readonly Lock _gate = new();
    private readonly GossipOptions _options;
    private readonly IGossipTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Channel<MembershipEvent> _events = Channel.CreateUnbounded<MembershipEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly MemberTable _table;
    private readonly int _selfId;
    private readonly Dictionary<uint, PendingAck> _pending = [];
    private readonly Dictionary<int, Suspicion> _suspicions = [];
    private readonly BroadcastQueue _broadcasts = new();
    private MemberInfo _selfInfo;
    private uint _selfIncarnation;
    private IMessageTransport? _messageTransport;
    private int _probeIndex;
    private uint _sequence;
    private int _awareness;
    private ulong _serfClock;
    private bool _started;
    private bool _leaving;
    private bool _stopped;

    /// <summary>Creates the member; nothing is sent until <see cref="Start"/>.</summary>
    public GossipMembership(GossipOptions options, IGossipTransport transport, TimeProvider? time = null, ILogger<GossipMembership>? logger = null)
        : this(options, transport, time, logger, null)
    {
    }

    /// <summary>For the simulator: members sharing <paramref name="directory"/> share names and member facts.</summary>
    internal GossipMembership(GossipOptions options, IGossipTransport transport, TimeProvider? time, ILogger<GossipMembership>? logger, MemberDirectory? directory)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = options.RandomSeed is int seed ? new Random(seed) : new Random();
        _table = new MemberTable(directory ?? new MemberDirectory());
        _selfId = _table.Directory.Intern(options.NodeName);
        _selfInfo = _table.Directory.InfoFor(_selfId, options.NodeName, MemberInfo.AddressBytes(transport.AdvertiseEndPoint),
            (ushort)transport.AdvertiseEndPoint.Port, [], [.. ProtocolVersions, .. DelegateVersions]);
    }

    /// <summary>This member's name.</summary>
    public string Name => _options.NodeName;

    /// <summary>Counters (packets, bytes, malformed input, probes).</summary>
    public GossipStatistics Statistics { get; } = new();

    /// <summary>Joins, updates, leaves, failures and application payloads, in the order they happened here.</summary>
    public ChannelReader<MembershipEvent> Events => _events.Reader;

    /// <summary>
    /// Optional synchronous observer of every event, called under the membership lock in event order
    /// (the simulator uses it; it must be quick and must not call back into this object).
    /// </summary>
    public Action<MembershipEvent>? EventObserver { get; set; }

    /// <summary>For the simulator: called under the lock when this member starts suspecting another (name, accuser).</summary>
    internal Action<string, string>? SuspectObserver { get; set; }

    /// <summary>For the simulator: called under the lock when this member's suspicion timer declares another dead.</summary>
    internal Action<string>? DeclareObserver { get; set; }

    /// <summary>For the simulator: false stops writing to <see cref="Events"/> (nobody reads it there; it would only grow).</summary>
    internal bool PublishEvents { get; set; } = true;

    /// <summary>
    /// For the simulator: installs members as alive (incarnation 1) without any exchange, as if the group had
    /// converged. Call after <see cref="Start"/> and before the clock runs.
    /// </summary>
    internal void SeedMembers(IEnumerable<(string Name, IPEndPoint EndPoint, byte[] Meta)> members)
    {
        lock (_gate)
        {
            byte[] vsn = _selfInfo.Vsn;
            long now = _time.GetTimestamp();
            foreach (var (name, endPoint, meta) in members)
            {
                int id = _table.Directory.Intern(name);
                if (id == _selfId || _table.Contains(id)) continue;
                var info = _table.Directory.InfoFor(id, name, endPoint, meta, vsn);
                _table.Add(id, info, 1, NodeState.Alive, now, null);
            }
            _table.Shuffle(_random);
        }
    }

    /// <summary>Application state sent with every push-pull exchange (e.g. signed node records); empty by default.</summary>
    public byte[] LocalUserState { get; set; } = [];

    /// <summary>Lifeguard local-health score (0 = healthy); timeouts are scaled by score + 1.</summary>
    public int HealthScore { get { lock (_gate) return _awareness; } }

    /// <summary>Snapshot of every known member, this one included.</summary>
    public IReadOnlyList<Member> Members
    {
        get { lock (_gate) return _table.Order.Select(Snapshot).ToList(); }
    }

    /// <summary>Number of members currently alive or suspect, this one included.</summary>
    public int LiveMembers { get { lock (_gate) return _table.LiveCount; } }

    /// <summary>Sets our metadata (≤ 512 bytes, e.g. <see cref="SerfTags.Encode"/>); after start it is announced with a new incarnation.</summary>
    public void SetMetadata(byte[] meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (meta.Length > SerfTags.MaxMetaBytes) throw new ArgumentException($"Metadata is {meta.Length} bytes; the limit is {SerfTags.MaxMetaBytes}.", nameof(meta));
        lock (_gate)
        {
            _selfInfo = _table.Directory.InfoFor(_selfId, _selfInfo.Name, _selfInfo.Addr, _selfInfo.Port, (byte[])meta.Clone(), _selfInfo.Vsn);
            if (_started)
            {
                _table[_selfId].Info = _selfInfo;
                SetSelfIncarnation(_selfIncarnation + 1);
                QueueBroadcast(_selfId, SelfAlive());
            }
        }
    }

    /// <summary>Starts the transport and the protocol timers and announces this member.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started) throw new InvalidOperationException("Already started.");
            _started = true;
            _selfIncarnation = 1;
            _table.Add(_selfId, _selfInfo, 1, NodeState.Alive, _time.GetTimestamp(), null);
            QueueBroadcast(_selfId, SelfAlive());
            if (_transport is IMessageTransport { CarriesMessages: true } carrier && _options.Keyring is null && _options.Label.Length == 0)
            {
                _messageTransport = carrier;
            }
        }
        _transport.Start(this);
        // Stagger the loops like memberlist does, so members started together do not tick together.
        After(RandomFraction(_options.ProbeInterval), ProbeTick);
        After(RandomFraction(_options.GossipInterval), GossipTick);
        After(RandomFraction(_options.PushPullInterval), PushPullTick);
        After(_options.ReconnectInterval + RandomFraction(_options.ReconnectInterval), ReconnectTick);
    }

    /// <summary>
    /// Exchanges full state with each seed (push-pull with the join flag). Completes with the number of seeds
    /// that answered; never throws for network errors.
    /// </summary>
    public Task<int> JoinAsync(IEnumerable<IPEndPoint> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var list = seeds.ToList();
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (list.Count == 0)
        {
            done.SetResult(0);
            return done.Task;
        }
        int remaining = list.Count, ok = 0;
        foreach (var seed in list)
        {
            PushPullWith(seed, join: true, success =>
            {
                if (success) Interlocked.Increment(ref ok);
                if (Interlocked.Decrement(ref remaining) == 0) done.TrySetResult(Volatile.Read(ref ok));
            });
        }
        return done.Task;
    }

    /// <summary>
    /// Leaves gracefully: Serf's leave intent (optional), then a dead message about ourselves (which memberlist
    /// and Serf read as "left"), each given time to spread; then stops probing and gossiping. Every step runs on
    /// this member's clock (never on a thread-pool continuation), so on virtual time a leave is as deterministic
    /// as the rest of the protocol; cancelling completes the task as cancelled and skips the steps not yet run.
    /// </summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        lock (_gate)
        {
            if (_leaving || !_started) return Task.CompletedTask;
            _leaving = true;
            if (_table.LiveCount <= 1)
            {
                AnnounceOwnDeath(onFirstSent: null);
                _stopped = true;
                return Task.CompletedTask;
            }
            if (_options.SerfLeaveIntent)
            {
                _serfClock++;
                _broadcasts.Enqueue(-1, new WireMessage(new UserPayload(SerfIntent.Leave(_serfClock, Name))));
            }
        }
        var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        var delay = _options.LeavePropagationDelay;
        After(delay, () =>
        {
            if (done.Task.IsCompleted) return;
            // The dead message goes out; the leave ends one delay after its first transmission, or after five
            // delays if it never gets one (no member to gossip to), whichever comes first.
            bool finishing = false;
            void FinishSoon()
            {
                if (finishing) return;
                finishing = true;
                After(delay, () =>
                {
                    _stopped = true;
                    done.TrySetResult();
                    registration.Dispose();
                });
            }
            AnnounceOwnDeath(onFirstSent: () => After(TimeSpan.Zero, FinishSoon));
            After(delay * 5, FinishSoon);
        });
        return done.Task;
    }

    /// <summary>Marks this member dead (left) and queues that broadcast; called under the lock.</summary>
    private void AnnounceOwnDeath(Action? onFirstSent)
    {
        var dead = new Dead(_selfIncarnation, Name, Name);
        OnDead(dead, null);
        // OnDead queued the broadcast; re-queue it with a notification of its first transmission.
        _broadcasts.Enqueue(_selfId, new WireMessage(dead), onFirstSent);
    }

    /// <summary>Queues an application message for gossip to every member (piggybacked, limited retransmissions).</summary>
    public void Broadcast(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var message = new WireMessage(new UserPayload((byte[])payload.Clone()));
        lock (_gate) _broadcasts.Enqueue(-1, message);
    }

    /// <summary>Sends an application message to one member over a stream; completes with true when written.</summary>
    public Task<bool> SendReliableAsync(string member, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        IPEndPoint target;
        lock (_gate)
        {
            if (!_table.TryFind(member, out int id)) return Task.FromResult(false);
            target = _table[id].Info!.EndPoint;
        }
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bytes = StreamCodec.Seal(new StreamUserMessage(payload), _options.EnableCompression, _options.Keyring, 1, _options.Label);
        Interlocked.Increment(ref Statistics._streamsSent);
        _transport.SendStream(target, bytes, expectReply: false, _options.StreamTimeout, reply => done.TrySetResult(reply is not null));
        return done.Task;
    }

    /// <summary>Stops the timers and the transport (without a graceful leave; call <see cref="LeaveAsync"/> first for that).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate) _stopped = true;
        _events.Writer.TryComplete();
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private TimeSpan RandomFraction(TimeSpan interval) => TimeSpan.FromTicks((long)(_random.NextDouble() * interval.Ticks));

    private TimeSpan Scale(TimeSpan t) => t * (_awareness + 1);

    private void ApplyAwareness(int delta)
    {
        int max = _options.Lifeguard ? _options.AwarenessMaxMultiplier - 1 : 0;
        _awareness = Math.Clamp(_awareness + delta, 0, Math.Max(0, max));
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="delay"/> on our clock, unless stopped.</summary>
    private void After(TimeSpan delay, Action action)
    {
        void Run()
        {
            lock (_gate)
            {
                if (_stopped) return;
                action();
            }
        }
        if (_time is VirtualTimeProvider virtualTime)
        {
            virtualTime.Schedule(delay, Run);
            return;
        }
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            timer?.Dispose();
            Run();
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Emit(MembershipEventKind kind, int member, byte[]? payload = null)
    {
        if (!PublishEvents && EventObserver is null) return;
        var e = new MembershipEvent(kind, member >= 0 ? Snapshot(member) : null, payload, _time.GetUtcNow());
        if (PublishEvents) _events.Writer.TryWrite(e);
        EventObserver?.Invoke(e);
    }

    private Member Snapshot(int id)
    {
        ref var e = ref _table[id];
        var info = e.Info!;
        return new Member(info.Name, info.EndPoint, info.Meta, e.State switch
        {
            NodeState.Alive => MemberStatus.Alive,
            NodeState.Suspect => MemberStatus.Suspect,
            NodeState.Dead => MemberStatus.Failed,
            _ => MemberStatus.Left,
        }, e.Incarnation, info.ProtocolMax);
    }

    private Alive SelfAlive() => new(_selfIncarnation, Name, _selfInfo.Addr, _selfInfo.Port, _selfInfo.Meta, _selfInfo.Vsn);

    private void SetSelfIncarnation(uint incarnation)
    {
        _selfIncarnation = incarnation;
        if (_table.Contains(_selfId)) _table[_selfId].Incarnation = incarnation;
    }

    private int RetransmitLimit() =>
        _options.RetransmitMultiplier * (int)Math.Ceiling(Math.Log10(_table.LiveCount + 1));

    private void QueueBroadcast(int member, IGossipMessage message, WireMessage? received = null) =>
        _broadcasts.Enqueue(member, received ?? new WireMessage(message));

    private sealed class PendingAck
    {
        /// <summary>Member id of the probed member (our own probes).</summary>
        public int Target { get; init; } = -1;
        public bool Acked { get; set; }
        public bool TimedOut { get; set; }
        public int Nacks { get; set; }
        public int ExpectedNacks { get; set; }
        /// <summary>For an indirect probe we run for someone else: whom to answer.</summary>
        public IPEndPoint? RelayTo { get; init; }
        public uint RelaySequence { get; init; }
        public byte RelayProtocolMax { get; init; }
    }
}
