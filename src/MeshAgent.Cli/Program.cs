using System.CommandLine;
using MeshAgent.Cli.Commands;

namespace MeshAgent.Cli;

/// <summary>meshctl entry point: one subcommand per file under Commands/.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("meshctl: control and inspect the meshagent daemon on this host");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }
}
