namespace MeshAgent.DBus;

/// <summary>A NameOwnerChanged signal: <paramref name="OldOwner"/>/<paramref name="NewOwner"/> are unique names or null when absent.</summary>
/// <param name="Name">The bus name whose owner changed.</param>
/// <param name="OldOwner">The previous owner, null if the name was unowned.</param>
/// <param name="NewOwner">The new owner, null if the name is now unowned.</param>
public sealed record NameOwnerChange(string Name, string? OldOwner, string? NewOwner);
