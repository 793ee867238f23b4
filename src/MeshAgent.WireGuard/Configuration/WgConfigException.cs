namespace MeshAgent.WireGuard.Configuration;

/// <summary>A configuration file could not be parsed; <see cref="LineNumber"/> names the line (1-based, 0 = whole file).</summary>
public sealed class WgConfigException : FormatException
{
    /// <summary>Creates the exception for <paramref name="lineNumber"/> with wg(8)'s wording in <paramref name="reason"/>.</summary>
    public WgConfigException(int lineNumber, string reason)
        : base(lineNumber > 0 ? $"Line {lineNumber}: {reason}" : reason)
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public WgConfigException()
        : this(0, "Invalid configuration")
    {
    }

    /// <summary>Creates the exception.</summary>
    public WgConfigException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WgConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The 1-based line the problem is on; 0 when it concerns the whole file.</summary>
    public int LineNumber { get; }

    /// <summary>The problem without the line prefix, worded as wg(8) words it.</summary>
    public string Reason { get; }
}
