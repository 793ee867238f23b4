namespace MeshAgent.Daemon.Events;

/// <summary>One change on the event stream.</summary>
/// <param name="Type">One of <see cref="MeshEventTypes"/>.</param>
/// <param name="Subject">What changed: a member name, a peer, a subsystem, a mapping.</param>
/// <param name="Detail">The new state in words ("established", "alive", the failure's message), or null.</param>
/// <param name="Time">When this node noticed the change.</param>
public sealed record MeshEvent(string Type, string Subject, string? Detail, DateTimeOffset Time);
