namespace MeshAgent.DBus;

/// <summary>The ASCII type codes of the D-Bus type system.</summary>
public enum DBusTypeCode : byte
{
    /// <summary>y: unsigned 8-bit.</summary>
    Byte = (byte)'y',
    /// <summary>b: boolean, marshalled as UINT32 0 or 1.</summary>
    Boolean = (byte)'b',
    /// <summary>n: signed 16-bit.</summary>
    Int16 = (byte)'n',
    /// <summary>q: unsigned 16-bit.</summary>
    UInt16 = (byte)'q',
    /// <summary>i: signed 32-bit.</summary>
    Int32 = (byte)'i',
    /// <summary>u: unsigned 32-bit.</summary>
    UInt32 = (byte)'u',
    /// <summary>x: signed 64-bit.</summary>
    Int64 = (byte)'x',
    /// <summary>t: unsigned 64-bit.</summary>
    UInt64 = (byte)'t',
    /// <summary>d: IEEE 754 double.</summary>
    Double = (byte)'d',
    /// <summary>h: index into the message's out-of-band unix fd array.</summary>
    UnixFd = (byte)'h',
    /// <summary>s: UTF-8 string without NUL.</summary>
    String = (byte)'s',
    /// <summary>o: object path.</summary>
    ObjectPath = (byte)'o',
    /// <summary>g: type signature.</summary>
    Signature = (byte)'g',
    /// <summary>a: array.</summary>
    Array = (byte)'a',
    /// <summary>( ): struct.</summary>
    Struct = (byte)'(',
    /// <summary>{ }: dict entry, only as an array element.</summary>
    DictEntry = (byte)'{',
    /// <summary>v: variant.</summary>
    Variant = (byte)'v',
}
