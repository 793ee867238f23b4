namespace MeshAgent.Core.Api;

/// <summary>The body of <c>/health/ready</c>: 200 when <paramref name="Ready"/>, 503 otherwise.</summary>
/// <param name="Ready">True when the first reconcile completed, the loop is healthy and every subsystem converged.</param>
/// <param name="Reasons">Why not ready, one human line each; empty when ready.</param>
public sealed record Readiness(bool Ready, IReadOnlyList<string> Reasons);
