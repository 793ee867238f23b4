namespace MeshAgent.DBus;

/// <summary>The reply codes of org.freedesktop.DBus.RequestName.</summary>
public enum RequestNameReply : uint
{
    /// <summary>This connection is now the primary owner.</summary>
    PrimaryOwner = 1,
    /// <summary>Queued behind the current owner.</summary>
    InQueue = 2,
    /// <summary>Owned by another connection; not queued.</summary>
    Exists = 3,
    /// <summary>This connection already owned it.</summary>
    AlreadyOwner = 4,
}
