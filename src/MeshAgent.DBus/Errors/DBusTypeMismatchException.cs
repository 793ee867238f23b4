namespace MeshAgent.DBus;

/// <summary>A <see cref="DBusValue"/> was read as a type it does not have.</summary>
public sealed class DBusTypeMismatchException : DBusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expected">The signature the caller asked for.</param>
    /// <param name="actual">The signature the value has.</param>
    public DBusTypeMismatchException(string expected, string actual)
        : base($"D-Bus value has type '{actual}', expected '{expected}'")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The signature the caller asked for.</summary>
    public string Expected { get; }

    /// <summary>The signature the value has.</summary>
    public string Actual { get; }
}
