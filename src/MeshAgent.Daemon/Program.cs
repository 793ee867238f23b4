using System.CommandLine;
using MeshAgent.Daemon.CommandLine;

namespace MeshAgent.Daemon;

/// <summary>meshagent entry point.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) =>
        // The host handles SIGTERM/SIGINT itself (orderly stop, exit 0); System.CommandLine must not.
        DaemonCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
}
