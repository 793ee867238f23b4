namespace MeshAgent.Daemon.Prometheus;

/// <summary>
/// A histogram snapshot: per-bucket (non-cumulative) counts for ascending finite upper bounds plus one
/// overflow bucket, the sum and the count. The writer makes the buckets cumulative and adds +Inf.
/// </summary>
/// <param name="UpperBounds">Finite, strictly ascending upper bounds (inclusive, Prometheus <c>le</c>).</param>
/// <param name="BucketCounts">Observations per bucket; length is <c>UpperBounds.Count + 1</c>, the last is above every bound.</param>
/// <param name="Sum">Sum of all observations.</param>
public sealed record HistogramValue(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    /// <summary>Total number of observations.</summary>
    public long Count => BucketCounts.Sum();
}
