using MeshAgent.Core.Records;

namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>This clock agrees with a hub's within the skew records tolerate; beyond it fresh records look forged or expired.</summary>
internal sealed class ClockCheck : IDoctorCheck
{
    public string Name => "clock";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.ClockOffset is not { } offset)
        {
            return DoctorResult.Skipped(Name, "No hub answered to compare the clock with (a hub itself has no reference).");
        }

        var seconds = (int)Math.Round(offset.TotalSeconds);
        return offset.Duration() > RecordVerifier.AllowedSkew
            ? DoctorResult.Fail(Name, $"This clock is {seconds} s off {facts.ClockReference}, more than the {RecordVerifier.AllowedSkew.TotalMinutes} min records tolerate; enable time sync (`timedatectl set-ntp true`).")
            : DoctorResult.Ok(Name, $"The clock is within {Math.Abs(seconds)} s of {facts.ClockReference}.");
    }
}
