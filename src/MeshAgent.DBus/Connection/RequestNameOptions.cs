namespace MeshAgent.DBus;

/// <summary>Flags of org.freedesktop.DBus.RequestName.</summary>
[Flags]
public enum RequestNameOptions : uint
{
    /// <summary>Queue for the name if it is owned.</summary>
    None = 0,
    /// <summary>Let another connection take the name over.</summary>
    AllowReplacement = 0x1,
    /// <summary>Take the name from an owner that allowed replacement.</summary>
    ReplaceExisting = 0x2,
    /// <summary>Fail instead of queueing.</summary>
    DoNotQueue = 0x4,
}
