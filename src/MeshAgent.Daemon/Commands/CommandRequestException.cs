namespace MeshAgent.Daemon.Commands;

/// <summary>A command request that cannot be sent as asked (unknown intent, node or target); nothing was sent.</summary>
public sealed class CommandRequestException(string message) : Exception(message);
