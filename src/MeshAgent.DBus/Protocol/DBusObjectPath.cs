namespace MeshAgent.DBus;

/// <summary>A validated D-Bus object path such as <c>/org/freedesktop/NetworkManager/Devices/3</c>.</summary>
public readonly record struct DBusObjectPath
{
    /// <summary>Validates and wraps a path.</summary>
    /// <exception cref="DBusFormatException">The path breaks the object path rules.</exception>
    public DBusObjectPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        DBusNames.ValidateObjectPath(value);
        Value = value;
    }

    /// <summary>The root path "/".</summary>
    public static DBusObjectPath Root { get; } = new("/");

    /// <summary>The path text ("/" for a default instance).</summary>
    public string Value => field ?? "/";

    /// <summary>The path text.</summary>
    public override string ToString() => Value;

    /// <summary>Converts a path to its text.</summary>
    public static implicit operator string(DBusObjectPath path) => path.Value;
}
