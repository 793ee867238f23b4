namespace MeshAgent.Core.Mesh;

/// <summary>
/// The newest complete path report of each other node, assembled from its parts. A report replaces the held one
/// only when it is newer (by the reporter's <see cref="PathReport.At"/>); parts of a newer report wait aside
/// until all have come, so a half-received report never hides the last whole one. Which names may report at
/// all is the caller's decision (see <c>PathReportIntake</c>). Thread-safe.
/// </summary>
public sealed class PathReportBook
{
    /// <summary>
    /// How far in the future (by the receiver's clock) a report's time may be. Beyond it the report is refused:
    /// it would otherwise shadow every honest report of that node until that time.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HeldPathReport> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assembly> _pending = new(StringComparer.Ordinal);

    /// <summary>The held reports, by node.</summary>
    public IReadOnlyDictionary<string, HeldPathReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, HeldPathReport>(_held, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Takes one part received at <paramref name="now"/>.</summary>
    public PathReportOutcome Offer(PathReport part, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.At > now + MaxClockSkew)
        {
            return PathReportOutcome.FromTheFuture;
        }

        lock (_gate)
        {
            if (_held.TryGetValue(part.Node, out var held) && part.At <= held.At)
            {
                return PathReportOutcome.NotNewer;
            }

            if (_pending.TryGetValue(part.Node, out var assembly))
            {
                if (assembly.At > part.At)
                {
                    return PathReportOutcome.NotNewer;
                }

                if (assembly.At < part.At || assembly.Parts.Length != part.Parts)
                {
                    assembly = null;
                }
            }

            if (assembly is null)
            {
                assembly = new Assembly(part.At, new IReadOnlyList<PathReportEdge>?[part.Parts]);
                _pending[part.Node] = assembly;
            }

            if (assembly.Parts[part.Part] is not null)
            {
                return PathReportOutcome.NotNewer;
            }

            assembly.Parts[part.Part] = part.Edges;
            if (assembly.Parts.Any(p => p is null))
            {
                return PathReportOutcome.Partial;
            }

            _pending.Remove(part.Node);
            _held[part.Node] = new HeldPathReport(part.Node, part.At, now, [.. assembly.Parts.SelectMany(p => p!)]);
            return PathReportOutcome.Completed;
        }
    }

    /// <summary>Drops the reports (held and partial) of every node for which <paramref name="keep"/> is false; returns their names.</summary>
    public List<string> Retain(Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        lock (_gate)
        {
            var dropped = _held.Keys.Concat(_pending.Keys).Distinct(StringComparer.Ordinal).Where(n => !keep(n)).ToList();
            foreach (var name in dropped)
            {
                _held.Remove(name);
                _pending.Remove(name);
            }

            return dropped;
        }
    }

    private sealed record Assembly(DateTimeOffset At, IReadOnlyList<PathReportEdge>?[] Parts);
}

/// <summary>A node's whole report as this node holds it.</summary>
/// <param name="Node">The reporter.</param>
/// <param name="At">When the reporter read its paths (its clock).</param>
/// <param name="ReceivedAt">When the last part arrived here (this node's clock).</param>
/// <param name="Edges">Every path of the report.</param>
public sealed record HeldPathReport(string Node, DateTimeOffset At, DateTimeOffset ReceivedAt, IReadOnlyList<PathReportEdge> Edges);

/// <summary>What <see cref="PathReportBook.Offer"/> did with a part.</summary>
public enum PathReportOutcome
{
    /// <summary>The part completed a report newer than the held one, which it now replaces.</summary>
    Completed,

    /// <summary>Kept; more parts of the same report are still missing.</summary>
    Partial,

    /// <summary>Ignored: the same or an older report (a duplicate, or gossip's retransmission).</summary>
    NotNewer,

    /// <summary>Refused: its time is more than <see cref="PathReportBook.MaxClockSkew"/> ahead.</summary>
    FromTheFuture,
}
