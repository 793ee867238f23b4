namespace MeshAgent.DBus;

/// <summary>The flags byte of the fixed header.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named after the specification's header flags byte.")]
public enum MessageFlags : byte
{
    /// <summary>No flags.</summary>
    None = 0,
    /// <summary>The caller expects no reply.</summary>
    NoReplyExpected = 0x1,
    /// <summary>The bus must not launch an owner for the destination.</summary>
    NoAutoStart = 0x2,
    /// <summary>The caller is prepared to wait for interactive authorization.</summary>
    AllowInteractiveAuthorization = 0x4,
}
