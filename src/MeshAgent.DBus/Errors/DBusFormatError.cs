namespace MeshAgent.DBus;

/// <summary>Why bytes or names did not form a valid D-Bus message or value.</summary>
public enum DBusFormatError
{
    /// <summary>The input ended before the value or message did.</summary>
    Truncated,
    /// <summary>A padding byte was not zero.</summary>
    NonZeroPadding,
    /// <summary>A BOOLEAN was neither 0 nor 1.</summary>
    InvalidBoolean,
    /// <summary>A string was not valid UTF-8, contained NUL or lacked its terminating NUL.</summary>
    InvalidString,
    /// <summary>A signature was malformed (unknown code, unbalanced container, bad dict entry).</summary>
    InvalidSignature,
    /// <summary>An object path broke the path rules.</summary>
    InvalidObjectPath,
    /// <summary>An interface, member, error or bus name broke the naming rules.</summary>
    InvalidName,
    /// <summary>An array, message or signature was longer than the specification allows.</summary>
    LimitExceeded,
    /// <summary>Containers (variants included) nested deeper than the specification allows.</summary>
    NestingTooDeep,
    /// <summary>The fixed header or a header field was invalid (byte order, version, required field missing).</summary>
    InvalidHeader,
    /// <summary>An array's contents did not end exactly at its declared length, or the body had bytes left over.</summary>
    LengthMismatch,
    /// <summary>A value's type did not match what was expected.</summary>
    TypeMismatch,
}
