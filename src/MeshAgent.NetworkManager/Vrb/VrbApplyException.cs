namespace MeshAgent.NetworkManager.Vrb;

/// <summary>
/// An apply failed. When <see cref="RolledBack"/> is true NM's checkpoint restored the state from before the
/// apply; otherwise the checkpoint's own timeout will (NM was unreachable for the rollback call).
/// </summary>
public sealed class VrbApplyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VrbApplyException(string problem, bool rolledBack, Exception? innerException = null)
        : base(rolledBack ? $"{problem}; rolled back" : $"{problem}; rollback not confirmed", innerException)
    {
        Problem = problem;
        RolledBack = rolledBack;
    }

    /// <summary>Creates the exception.</summary>
    public VrbApplyException()
    {
        Problem = "";
    }

    /// <summary>Creates the exception.</summary>
    public VrbApplyException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the exception.</summary>
    public VrbApplyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>What went wrong, one human line.</summary>
    public string Problem { get; }

    /// <summary>True when the checkpoint rollback was carried out.</summary>
    public bool RolledBack { get; }
}

/// <summary>An apply step or check failed before the rollback; internal to the apply.</summary>
internal sealed class VrbStepFailedException(string problem, Exception? inner = null) : Exception(problem, inner);
