namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>The daemon answers on its API socket.</summary>
internal sealed class DaemonCheck : IDoctorCheck
{
    public string Name => "daemon";

    public DoctorResult Run(DoctorFacts facts) => facts.Status is { } status
        ? DoctorResult.Ok(Name, $"meshagent {status.Version} answers on {facts.SocketPath}: {status.Summary}.")
        : DoctorResult.Fail(Name, $"meshagent does not answer on {facts.SocketPath} ({facts.DaemonError}); start it with `systemctl start meshagent` and read `journalctl -u meshagent`.");
}
