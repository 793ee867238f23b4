using System.Globalization;
using MeshAgent.Core.Mesh;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Mesh;

namespace MeshAgent.Daemon.Events;

/// <summary>
/// Turns <see cref="MeshState.Changed"/> into events by comparing what it holds now with what it held at the
/// previous change: records (issued, renewed, revoked), gossip states, direct paths.
/// </summary>
public sealed class MeshStateEvents
{
    private readonly MeshState _mesh;
    private readonly IMeshEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Dictionary<string, NodeRecord> _records;
    private Dictionary<string, MemberLiveness> _liveness;
    private Dictionary<string, DirectPathState> _paths;

    private MeshStateEvents(MeshState mesh, IMeshEventPublisher publisher, TimeProvider time)
    {
        _mesh = mesh;
        _publisher = publisher;
        _time = time;
        _records = Records();
        _liveness = new Dictionary<string, MemberLiveness>(mesh.Liveness, StringComparer.Ordinal);
        _paths = new Dictionary<string, DirectPathState>(mesh.Paths, StringComparer.Ordinal);
    }

    /// <summary>Starts publishing <paramref name="mesh"/>'s changes; does nothing without a mesh.</summary>
    public static void Connect(MeshState? mesh, IMeshEventPublisher publisher, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(time);
        if (mesh is null)
        {
            return;
        }

        var events = new MeshStateEvents(mesh, publisher, time);
        mesh.Changed += _ => events.Compare();
    }

    private void Compare()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var records = Records();
            foreach (var (name, record) in records)
            {
                if (!_records.TryGetValue(name, out var before))
                {
                    _publisher.Publish(new MeshEvent(MeshEventTypes.RecordIssued, name, string.Create(CultureInfo.InvariantCulture, $"serial {record.Serial}"), now));
                    _publisher.Publish(new MeshEvent(MeshEventTypes.MemberJoined, name, Authority.AdmissionInput.RoleText(record.Role), now));
                }
                else if (!before.Equals(record))
                {
                    _publisher.Publish(new MeshEvent(MeshEventTypes.RecordRenewed, name, string.Create(CultureInfo.InvariantCulture, $"serial {record.Serial}"), now));
                }
            }

            foreach (var name in _records.Keys.Where(n => !records.ContainsKey(n)))
            {
                _publisher.Publish(new MeshEvent(MeshEventTypes.RecordRevoked, name, null, now));
            }

            _records = records;
            var liveness = new Dictionary<string, MemberLiveness>(_mesh.Liveness, StringComparer.Ordinal);
            foreach (var (name, state) in liveness.Where(p => !_liveness.TryGetValue(p.Key, out var before) || before != p.Value))
            {
                _publisher.Publish(new MeshEvent(LivenessType(state), name, MeshState.StateLabel(state), now));
            }

            _liveness = liveness;
            var paths = new Dictionary<string, DirectPathState>(_mesh.Paths, StringComparer.Ordinal);
            foreach (var (key, state) in paths.Where(p => !_paths.TryGetValue(p.Key, out var before) || before != p.Value))
            {
                var name = records.Values.FirstOrDefault(r => r.WireGuardPublicKey == key)?.Name ?? key;
                _publisher.Publish(new MeshEvent(MeshEventTypes.PathChanged, name, MeshView.PathText(state), now));
            }

            _paths = paths;
        }
    }

    private Dictionary<string, NodeRecord> Records() =>
        _mesh.Book.Records.ToDictionary(r => r.Record.Name, r => r.Record, StringComparer.Ordinal);

    private static string LivenessType(MemberLiveness liveness) => liveness switch
    {
        MemberLiveness.Alive => MeshEventTypes.MemberAlive,
        MemberLiveness.Suspect => MeshEventTypes.MemberSuspect,
        MemberLiveness.Dead => MeshEventTypes.MemberFailed,
        _ => MeshEventTypes.MemberLeft,
    };
}
