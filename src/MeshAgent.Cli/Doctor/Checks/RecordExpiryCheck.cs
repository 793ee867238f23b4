namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>This node's signed record is not about to expire (the authority renews records in their last third).</summary>
internal sealed class RecordExpiryCheck : IDoctorCheck
{
    /// <summary>A record this close to expiry has missed its renewals: warn while there is time to act.</summary>
    public static readonly TimeSpan Warning = TimeSpan.FromDays(7);

    public string Name => "record-expiry";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Status?.Mesh is not { } mesh)
        {
            return DoctorResult.Skipped(Name, facts.Status is null ? "The daemon did not answer." : "No mesh section.");
        }

        if (mesh.RecordExpiresAt is not { } expires)
        {
            return mesh.Admission == "unsigned"
                ? DoctorResult.Skipped(Name, "No authority configured: the config is trusted, there is no record.")
                : DoctorResult.Fail(Name, $"This node has no signed record ({mesh.Admission}); give it a join token or run `meshctl admit {facts.Status.Node}` on the admin node.");
        }

        var left = expires - facts.Now;
        return left < Warning
            ? DoctorResult.Fail(Name, $"This node's record expires {expires:u} ({Math.Max(0, left.TotalDays):0.0} days left); check that the admin node runs and holds the authority key, it renews records.")
            : DoctorResult.Ok(Name, $"The record is valid until {expires:u}.");
    }
}
