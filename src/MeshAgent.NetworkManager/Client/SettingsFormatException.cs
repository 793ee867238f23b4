namespace MeshAgent.NetworkManager.Client;

/// <summary>
/// NM's settings (<c>a{sa{sv}}</c>) hold something our model cannot represent: a section or key without a
/// name, a value without a type. The wire format itself is checked by the D-Bus library.
/// </summary>
public sealed class SettingsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SettingsFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SettingsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SettingsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
