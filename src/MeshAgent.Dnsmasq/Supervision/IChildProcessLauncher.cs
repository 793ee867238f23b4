namespace MeshAgent.Dnsmasq.Supervision;

/// <summary>Starts child processes; the seam between the supervisor and the operating system.</summary>
public interface IChildProcessLauncher
{
    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (no shell).</summary>
    /// <exception cref="DnsmasqProcessException">The process could not be started.</exception>
    IChildProcess Start(string fileName, IReadOnlyList<string> arguments);
}
