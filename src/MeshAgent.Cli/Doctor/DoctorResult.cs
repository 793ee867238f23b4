namespace MeshAgent.Cli.Doctor;

/// <summary>What one check found.</summary>
internal enum DoctorStatus
{
    /// <summary>Fine.</summary>
    Ok,

    /// <summary>Broken: the message says what to do. Makes <c>meshctl doctor</c> exit non-zero.</summary>
    Fail,

    /// <summary>Not checked, and the message says why (e.g. the daemon does not answer, the section is off).</summary>
    Skipped,
}

/// <summary>One check's verdict: a short name and one sentence that, on failure, says what to do.</summary>
/// <param name="Check">Stable name ("dns-port"), also the JSON key.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Message">One sentence.</param>
internal sealed record DoctorResult(string Check, DoctorStatus Status, string Message)
{
    public static DoctorResult Ok(string check, string message) => new(check, DoctorStatus.Ok, message);

    public static DoctorResult Fail(string check, string message) => new(check, DoctorStatus.Fail, message);

    public static DoctorResult Skipped(string check, string message) => new(check, DoctorStatus.Skipped, message);
}
