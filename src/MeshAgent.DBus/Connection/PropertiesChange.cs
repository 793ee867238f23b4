namespace MeshAgent.DBus;

/// <summary>A org.freedesktop.DBus.Properties.PropertiesChanged signal.</summary>
/// <param name="Sender">Unique name of the emitter.</param>
/// <param name="Path">Object whose properties changed.</param>
/// <param name="Interface">Interface the properties belong to.</param>
/// <param name="Changed">New values (variant contents).</param>
/// <param name="Invalidated">Names that changed but whose values were not sent.</param>
public sealed record PropertiesChange(string? Sender, DBusObjectPath Path, string Interface,
    IReadOnlyDictionary<string, DBusValue> Changed, IReadOnlyList<string> Invalidated);
