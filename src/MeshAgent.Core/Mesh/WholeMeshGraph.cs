using MeshAgent.Core.Api;

namespace MeshAgent.Core.Mesh;

/// <summary>
/// Joins this node's own paths (read now) with the reports held from the others into one graph: one edge per
/// pair of known nodes, carrying each end's view and how old it is. Paths to or from names that are not nodes
/// are left out (a report may name a member this node has already dropped). Pure.
/// </summary>
public static class WholeMeshGraph
{
    /// <summary>Summary kinds in order of precedence: a tunnel either end has beats a relay.</summary>
    private static readonly string[] KindPrecedence = ["hub", "direct", "punched", "client", "relayed"];

    /// <summary>Builds the graph as of <paramref name="now"/>.</summary>
    public static MeshGraph Build(string self, IReadOnlyList<GraphNode> nodes, IReadOnlyList<PathReportEdge> ownPaths, IEnumerable<HeldPathReport> reports, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(ownPaths);
        ArgumentNullException.ThrowIfNull(reports);
        var known = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var ends = new SortedDictionary<(string, string), List<EdgeEnd>>(PairOrder.Instance);
        void Add(string reporter, PathReportEdge path, double reportAge)
        {
            if (reporter == path.Peer || !known.Contains(reporter) || !known.Contains(path.Peer))
            {
                return;
            }

            var pair = string.CompareOrdinal(reporter, path.Peer) < 0 ? (reporter, path.Peer) : (path.Peer, reporter);
            if (!ends.TryGetValue(pair, out var list))
            {
                ends[pair] = list = [];
            }

            if (list.Any(e => e.Node == reporter))
            {
                return;
            }

            list.Add(new EdgeEnd(reporter, path.Kind, path.Via, path.HandshakeAgeSeconds is { } age ? Math.Round(age + reportAge, 1) : null, path.ReceiveBytes, path.TransmitBytes, Math.Round(reportAge, 1)));
        }

        foreach (var path in ownPaths)
        {
            Add(self, path, 0);
        }

        foreach (var report in reports.Where(r => r.Node != self))
        {
            // A reporter's clock ahead of ours (within the accepted skew) would give a negative age.
            var age = Math.Max(0, (now - report.At).TotalSeconds);
            foreach (var path in report.Edges)
            {
                Add(report.Node, path, age);
            }
        }

        var edges = ends.Select(pair => Summary(pair.Key.Item1, pair.Key.Item2, [.. pair.Value.OrderBy(e => e.Node, StringComparer.Ordinal)])).ToList();
        return new MeshGraph(self, nodes, edges);
    }

    private static GraphEdge Summary(string from, string to, List<EdgeEnd> ends)
    {
        var kind = KindPrecedence.FirstOrDefault(k => ends.Any(e => e.Kind == k)) ?? ends[0].Kind;
        var via = kind == "relayed" ? ends.Select(e => e.Via).FirstOrDefault(v => v is not null) : null;
        var handshake = ends.Where(e => e.HandshakeAgeSeconds is not null).Select(e => e.HandshakeAgeSeconds).Min();
        return new GraphEdge(from, to, kind, via, handshake, ends);
    }

    private sealed class PairOrder : IComparer<(string, string)>
    {
        public static readonly PairOrder Instance = new();

        public int Compare((string, string) x, (string, string) y)
        {
            var first = string.CompareOrdinal(x.Item1, y.Item1);
            return first != 0 ? first : string.CompareOrdinal(x.Item2, y.Item2);
        }
    }
}
