namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>The config file loads without problems.</summary>
internal sealed class ConfigCheck : IDoctorCheck
{
    public string Name => "config";

    public DoctorResult Run(DoctorFacts facts) => facts.ConfigProblems.Count == 0 && facts.Config is not null
        ? DoctorResult.Ok(Name, $"{facts.ConfigPath} is valid.")
        : DoctorResult.Fail(Name, $"{facts.ConfigPath} has {facts.ConfigProblems.Count} problem(s), first {(facts.ConfigProblems.Count > 0 ? facts.ConfigProblems[0] : "unreadable")}; fix them (`meshagent config check` lists all).");
}
