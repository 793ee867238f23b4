namespace MeshAgent.Core.Records;

/// <summary>A verified record together with the exact signed bytes it came in, which are what gossip passes on.</summary>
/// <param name="Record">The decoded, verified record.</param>
/// <param name="Envelope">The authority-signed envelope (see <see cref="SignedEnvelope"/>).</param>
public sealed record SignedRecord(NodeRecord Record, byte[] Envelope);
