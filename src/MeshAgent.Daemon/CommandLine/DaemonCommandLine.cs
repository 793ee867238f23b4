using System.CommandLine;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>The verbs of <c>meshagent</c>: run (default), plan, apply --once, config check; <c>--config PATH</c> on all.</summary>
public static class DaemonCommandLine
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        var configOption = new Option<string>("--config", "-c")
        {
            Description = "Configuration file",
            DefaultValueFactory = _ => AgentConfigLoader.DefaultPath,
            Recursive = true,
        };

        var root = new RootCommand("meshagent: turns this host into one node of a self-organising WireGuard mesh")
        {
            configOption,
        };
        root.SetAction((parse, _) => RunVerb.RunAsync(parse.GetValue(configOption)!));

        var run = new Command("run", "Run the daemon (the default)");
        run.SetAction((parse, _) => RunVerb.RunAsync(parse.GetValue(configOption)!));
        root.Subcommands.Add(run);

        var plan = new Command("plan", "Print what each subsystem would change; change nothing");
        plan.SetAction((parse, ct) => PlanVerb.RunAsync(parse.GetValue(configOption)!, Console.Out, Console.Error, ct));
        root.Subcommands.Add(plan);

        var once = new Option<bool>("--once") { Description = "Plan and apply once, then exit (0 when every subsystem converged)" };
        var apply = new Command("apply", "Bring every subsystem to its desired state") { once };
        apply.Validators.Add(result =>
        {
            if (!result.GetValue(once))
            {
                result.AddError("apply needs --once (the daemon applies continuously with 'run')");
            }
        });
        apply.SetAction((parse, ct) => ApplyOnceVerb.RunAsync(parse.GetValue(configOption)!, Console.Out, Console.Error, ct));
        root.Subcommands.Add(apply);

        var cleanup = new Command("cleanup", "Remove what the agent added to the host firewall (table inet meshagent), nothing else");
        cleanup.SetAction((_, ct) => CleanupVerb.RunAsync(Console.Out, Console.Error, ct));
        root.Subcommands.Add(cleanup);

        var check = new Command("check", "Validate the configuration file; print every problem");
        check.SetAction(parse => ConfigCheckVerb.Run(parse.GetValue(configOption)!, Console.Out, Console.Error));
        var configCommand = new Command("config", "Configuration commands") { check };
        root.Subcommands.Add(configCommand);
        return root;
    }
}
