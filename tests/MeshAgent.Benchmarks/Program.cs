using MeshAgent.Benchmarks;
using MeshAgent.WireGuard.Kernel;
using MeshAgent.WireGuard.Userspace;

// dotnet run -c Release --project tests/MeshAgent.Benchmarks -- { userspace | kernel | all } [--peers N] [--runs N] [--no-meshctl]
// The worker-* scenarios are what userspace/kernel re-invoke inside the lab host or the rig's guest.
const string Usage = "usage: MeshAgent.Benchmarks { userspace | kernel | all } [--peers N] [--runs N] [--no-meshctl] [--rig-timeout S]";
if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args[1..]);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"{exception.Message}\n{Usage}");
    return 2;
}

switch (args[0])
{
    case "userspace":
        return await Launcher.InLabHostAsync(options, Console.Out);
    case "kernel":
        return await Launcher.InKernelRigAsync(options, Console.Out);
    case "all":
        var userspace = await Launcher.InLabHostAsync(options, Console.Out);
        var kernel = await Launcher.InKernelRigAsync(options, Console.Out);
        return userspace != 0 ? userspace : kernel;
    case "worker-userspace":
        using (var client = new UserspaceWireGuardClient())
        {
            await new SideBySide(client, options, Console.Out).RunAsync();
        }

        return 0;
    case "worker-kernel":
        using (var client = new KernelWireGuardClient())
        {
            await new SideBySide(client, options, Console.Out).RunAsync();
        }

        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
