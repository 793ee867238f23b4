namespace MeshAgent.DBus;

/// <summary>The message type byte of the fixed header.</summary>
public enum MessageType : byte
{
    /// <summary>0 is invalid on the wire.</summary>
    Invalid = 0,
    /// <summary>A method call.</summary>
    MethodCall = 1,
    /// <summary>A successful reply.</summary>
    MethodReturn = 2,
    /// <summary>An error reply.</summary>
    Error = 3,
    /// <summary>A signal emission.</summary>
    Signal = 4,
}
