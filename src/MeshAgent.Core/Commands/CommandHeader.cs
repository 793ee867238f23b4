namespace MeshAgent.Core.Commands;

/// <summary>The authenticated content of a command packet: everything but the MAC.</summary>
/// <param name="Intent">What to do (may be an intent this version does not know).</param>
/// <param name="Target">Which nodes it addresses.</param>
/// <param name="Subject">Host id of the node the intent is about (isolate, release); 0 when none.</param>
/// <param name="Counter">The sender's counter, 1 or more, strictly increasing per authority; the replay window is over it.</param>
public readonly record struct CommandHeader(CommandIntent Intent, CommandTarget Target, ushort Subject, uint Counter);
