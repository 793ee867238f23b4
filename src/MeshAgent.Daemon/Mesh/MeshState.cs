using System.Collections.Concurrent;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// What this node knows about the mesh beyond its config: the verified records (persisted in the state
/// directory, so a restarted node knows its peers at once), gossip's view of each member, and the health of
/// direct paths. Gossip, admission and the authority feed it; the desired state reads it. Raises
/// <see cref="Changed"/> after every change that can alter the desired state. Thread-safe.
/// </summary>
public sealed partial class MeshState
{
    /// <summary>File of the persisted records inside the state directory (a record bundle; public data).</summary>
    public const string RecordsFile = "records.bin";

    private readonly string _stateDirectory;
    private readonly string _selfName;
    private readonly Func<string> _selfKey;
    private readonly ILogger<MeshState> _logger;
    private readonly ConcurrentDictionary<string, MemberLiveness> _liveness = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _loggedRejections = new(StringComparer.Ordinal);
    private readonly Lock _saveGate = new();
    private IReadOnlyDictionary<string, DirectPathState> _paths = new Dictionary<string, DirectPathState>();

    /// <summary>Creates the state; loads persisted records that still verify.</summary>
    public MeshState(RecordBook book, string stateDirectory, string selfName, string selfPublicKey, MeshMetrics metrics, ILogger<MeshState> logger)
        : this(book, stateDirectory, selfName, () => selfPublicKey, metrics, logger)
    {
    }

    /// <summary>Creates the state for a node whose key may rotate: <paramref name="selfPublicKey"/> gives the key in use.</summary>
    public MeshState(RecordBook book, string stateDirectory, string selfName, Func<string> selfPublicKey, MeshMetrics metrics, ILogger<MeshState> logger)
    {
        Book = book;
        Metrics = metrics;
        _stateDirectory = stateDirectory;
        _selfName = selfName;
        _selfKey = selfPublicKey;
        _logger = logger;
        Load();
    }

    /// <summary>Raised (with a reason) when records, liveness or paths changed.</summary>
    public event Action<string>? Changed;

    /// <summary>Raised with the envelopes that changed the book, whatever their source, for gossip to pass on.</summary>
    public event Action<IReadOnlyList<byte[]>>? Published;

    /// <summary>The verified records.</summary>
    public RecordBook Book { get; }

    /// <summary>The metrics this state counts into.</summary>
    public MeshMetrics Metrics { get; }

    /// <summary>This node's own record: the one for its name and its key, or null before admission.</summary>
    public SignedRecord? Self => Book.Find(_selfName) is { } own && own.Record.WireGuardPublicKey == _selfKey() ? own : null;

    /// <summary>Direct-path health by public key, as the path monitor last saw it.</summary>
    public IReadOnlyDictionary<string, DirectPathState> Paths => Volatile.Read(ref _paths);

    /// <summary>Gossip's view of each member by name; members gossip has not seen are absent.</summary>
    public IReadOnlyDictionary<string, MemberLiveness> Liveness => _liveness;

    /// <summary>Every other member with a verified record and its liveness (unknown counts as alive: a fresh record is usable at once).</summary>
    public List<MeshMember> Members() =>
        [.. Book.Records
            .Where(r => r.Record.Name != _selfName)
            .Select(r => new MeshMember(r.Record, _liveness.GetValueOrDefault(r.Record.Name, MemberLiveness.Alive)))];

    /// <summary>
    /// Offers envelopes from <paramref name="source"/> (gossip, a hub, the authority). Returns those that
    /// changed the book, which the caller passes on. Refusals are counted, and logged once per name and reason.
    /// </summary>
    public List<byte[]> Offer(IEnumerable<byte[]> envelopes, string source)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        var changed = new List<byte[]>();
        foreach (var envelope in envelopes)
        {
            var offer = Book.Offer(envelope);
            if (offer.Outcome == OfferOutcome.Rejected)
            {
                var reason = ReasonLabel(offer.Status);
                Metrics.Rejected(reason);
                if (_loggedRejections.TryAdd($"{offer.Record?.Name}/{reason}/{offer.Record?.Serial}", 0))
                {
                    Log.RecordRejected(_logger, offer.Record?.Name ?? "(undecodable)", reason, source);
                }

                continue;
            }

            if (offer.Changed)
            {
                changed.Add(envelope);
                if (offer.Record is { } record)
                {
                    Metrics.Accepted();
                    Log.RecordAccepted(_logger, record.Name, record.Serial, source);
                }

                foreach (var removed in offer.Removed)
                {
                    _liveness.TryRemove(removed, out _);
                    Log.RecordRemoved(_logger, removed);
                }
            }
        }

        if (changed.Count > 0)
        {
            Save();
            Published?.Invoke(changed);
            Changed?.Invoke("records");
        }

        return changed;
    }

    /// <summary>Drops records that have expired; raises <see cref="Changed"/> when any did.</summary>
    public void PruneExpired()
    {
        var expired = Book.PruneExpired();
        foreach (var name in expired)
        {
            Log.RecordExpired(_logger, name);
        }

        if (expired.Count > 0)
        {
            Save();
            Changed?.Invoke("records expired");
        }
    }

    /// <summary>Sets gossip's view of <paramref name="name"/>.</summary>
    public void SetLiveness(string name, MemberLiveness liveness)
    {
        if (name == _selfName)
        {
            return;
        }

        var previous = _liveness.GetValueOrDefault(name, MemberLiveness.Alive);
        _liveness[name] = liveness;
        if (previous != liveness)
        {
            Changed?.Invoke("membership");
        }
    }

    /// <summary>Replaces the direct-path health; raises <see cref="Changed"/>.</summary>
    public void SetPaths(IReadOnlyDictionary<string, DirectPathState> paths)
    {
        Volatile.Write(ref _paths, paths);
        Changed?.Invoke("paths");
    }

    /// <summary>Member counts by state, this node excluded.</summary>
    public Dictionary<string, int> CountByState()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["alive"] = 0, ["suspect"] = 0, ["dead"] = 0, ["left"] = 0 };
        foreach (var record in Book.Records.Where(r => r.Record.Name != _selfName))
        {
            var state = _liveness.TryGetValue(record.Record.Name, out var liveness) ? StateLabel(liveness) : "unknown";
            counts[state] = counts.GetValueOrDefault(state) + 1;
        }

        return counts;
    }

    /// <summary>The API's word for a liveness.</summary>
    public static string StateLabel(MemberLiveness liveness) => liveness switch
    {
        MemberLiveness.Alive => "alive",
        MemberLiveness.Suspect => "suspect",
        MemberLiveness.Dead => "dead",
        _ => "left",
    };

    private static string ReasonLabel(RecordStatus status) => status switch
    {
        RecordStatus.BadSignature => "bad_signature",
        RecordStatus.Expired => "expired",
        RecordStatus.Revoked => "revoked",
        _ => "malformed",
    };

    private void Load()
    {
        var path = Path.Combine(_stateDirectory, RecordsFile);
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            foreach (var envelope in RecordBundle.Decode(File.ReadAllBytes(path)))
            {
                // Expired or revoked ones simply stay out; the authority or gossip brings newer ones.
                Book.Offer(envelope);
            }
        }
        catch (Exception e) when (e is RecordFormatException or IOException)
        {
            Log.RecordsFileUnreadable(_logger, path, e.Message);
        }
    }

    private void Save()
    {
        var path = Path.Combine(_stateDirectory, RecordsFile);
        lock (_saveGate)
        {
            try
            {
                Directory.CreateDirectory(_stateDirectory);
                var temporary = path + ".tmp";
                File.WriteAllBytes(temporary, RecordBundle.Encode(Book.Envelopes()));
                File.Move(temporary, path, overwrite: true);
            }
            catch (IOException e)
            {
                Log.RecordsFileUnwritable(_logger, path, e.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Record of {Name} serial {Serial} accepted (from {Source})")]
        public static partial void RecordAccepted(ILogger logger, string name, ulong serial, string source);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Record of {Name} refused: {Reason} (from {Source}); further refusals of it are only counted")]
        public static partial void RecordRejected(ILogger logger, string name, string reason, string source);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Record of {Name} removed (revoked or superseded)")]
        public static partial void RecordRemoved(ILogger logger, string name);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Record of {Name} expired")]
        public static partial void RecordExpired(ILogger logger, string name);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Cannot read the persisted records {Path}: {Reason}; starting without them")]
        public static partial void RecordsFileUnreadable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Cannot write the persisted records {Path}: {Reason}")]
        public static partial void RecordsFileUnwritable(ILogger logger, string path, string reason);
    }
}
