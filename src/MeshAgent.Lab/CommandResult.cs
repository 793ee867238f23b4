namespace MeshAgent.Lab;

/// <summary>The outcome of a finished command.</summary>
/// <param name="CommandLine">What was run, for messages.</param>
/// <param name="ExitCode">Exit status.</param>
/// <param name="StdOut">Everything written to standard output.</param>
/// <param name="StdErr">Everything written to standard error.</param>
public sealed record CommandResult(string CommandLine, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>True when the exit status is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws <see cref="LabCommandException"/> unless the command succeeded.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw new LabCommandException(this);
}

/// <summary>A lab command exited with a non-zero status.</summary>
public sealed class LabCommandException : Exception
{
    /// <summary>Creates the exception from the failed command.</summary>
    public LabCommandException(CommandResult result)
        : base($"'{result.CommandLine}' exited {result.ExitCode}: {result.StdErr.Trim()} {result.StdOut.Trim()}".TrimEnd())
        => Result = result;

    /// <summary>Creates the exception.</summary>
    public LabCommandException()
        : base("A lab command failed.") => Result = new CommandResult(string.Empty, -1, string.Empty, string.Empty);

    /// <summary>Creates the exception.</summary>
    public LabCommandException(string message)
        : base(message) => Result = new CommandResult(string.Empty, -1, string.Empty, string.Empty);

    /// <summary>Creates the exception.</summary>
    public LabCommandException(string message, Exception innerException)
        : base(message, innerException) => Result = new CommandResult(string.Empty, -1, string.Empty, string.Empty);

    /// <summary>The failed command.</summary>
    public CommandResult Result { get; }
}
