namespace MeshAgent.DBus;

/// <summary>The size and nesting limits of the D-Bus specification ("Valid Signatures", "Message Format").</summary>
public static class DBusLimits
{
    /// <summary>Maximum bytes of array content: 2^26 (64 MiB).</summary>
    public const int MaxArrayLength = 1 << 26;

    /// <summary>Maximum bytes of a whole message, header and body: 2^27 (128 MiB).</summary>
    public const int MaxMessageLength = 1 << 27;

    /// <summary>Maximum bytes of a signature (it is length-prefixed by one byte).</summary>
    public const int MaxSignatureLength = 255;

    /// <summary>Maximum arrays nested in one signature.</summary>
    public const int MaxArrayDepth = 32;

    /// <summary>Maximum structs (and dict entries) nested in one signature.</summary>
    public const int MaxStructDepth = 32;

    /// <summary>
    /// Maximum containers around a value across variants; the specification bounds signatures at
    /// 32 + 32 and libdbus applies the same total to the dynamic nesting variants add.
    /// </summary>
    public const int MaxTotalDepth = 64;

    /// <summary>Maximum length of a bus, interface, member or error name.</summary>
    public const int MaxNameLength = 255;
}
