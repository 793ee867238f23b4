using System.Net.Sockets;
using MeshAgent.Daemon.CommandLine;
using MeshAgent.Daemon.Tests.TestSupport;

namespace MeshAgent.Daemon.Tests.EndToEnd;

/// <summary>The verbs of the real meshagent binary.</summary>
public class CommandLineTests
{
    private const string ThreeMistakes = """
        node:
          nmae: typo
        http:
          listen: "127.0.0.1:99999"
        bogus_section: {}
        """;

    [Test]
    public async Task Run_ConfigWithThreeMistakes_PrintsAllThreeAndExits78BeforeBinding()
    {
        using var sandbox = new DaemonSandbox();
        File.WriteAllText(sandbox.ConfigPath, ThreeMistakes + $"\n# port {sandbox.Port}\n");

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "run", "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.EqualTo(78));
        Assert.That(output, Is.Empty);
        var problems = error.Split('\n').Where(l => l.StartsWith(sandbox.ConfigPath + ":", StringComparison.Ordinal)).ToList();
        Assert.That(problems, Has.Count.EqualTo(3), error);
        Assert.That(problems[0], Does.Contain(":2:").And.Contain("node.nmae"));
        Assert.That(problems[1], Does.Contain("http.listen"));
        Assert.That(problems[2], Does.Contain("bogus_section"));
        Assert.That(Directory.Exists(sandbox.RuntimeDirectory), Is.False, "nothing was created");
    }

    [Test]
    public async Task Run_InvalidConfig_NothingListens()
    {
        using var sandbox = new DaemonSandbox();
        File.WriteAllText(sandbox.ConfigPath, $"http:\n  listen: \"{sandbox.Listen}\"\n  api_socket: {sandbox.ApiSocket}\nbogus: 1\n");

        var (exitCode, _, _) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.EqualTo(78));
        using var probe = new TcpClient();
        Assert.That(() => probe.Connect("127.0.0.1", sandbox.Port), Throws.InstanceOf<SocketException>());
        Assert.That(File.Exists(sandbox.ApiSocket), Is.False);
    }

    [Test]
    public async Task ConfigCheck_ValidConfig_OkAndExit0()
    {
        using var sandbox = new DaemonSandbox();

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "config", "check", "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Is.EqualTo($"{sandbox.ConfigPath}: ok\n"));
    }

    [Test]
    public async Task ConfigCheck_MissingFile_ProblemAndExit78()
    {
        using var sandbox = new DaemonSandbox();
        var missing = Path.Combine(sandbox.Directory, "missing.yaml");

        var (exitCode, _, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "config", "check", "--config", missing);

        Assert.That(exitCode, Is.EqualTo(78));
        Assert.That(error, Does.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public async Task Plan_NoSubsystemsConfigured_SaysSoPlainlyAndExits0()
    {
        using var sandbox = new DaemonSandbox();

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "plan", "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Is.EqualTo(PlanVerb.NothingConfigured + "\n"));
    }

    [Test]
    public async Task ApplyOnce_NoSubsystemsConfigured_SaysSoAndExits0()
    {
        using var sandbox = new DaemonSandbox();

        var (exitCode, output, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "apply", "--once", "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Is.EqualTo(ApplyOnceVerb.NothingConfigured + "\n"));
    }

    [Test]
    public async Task Apply_WithoutOnce_RefusedWithNonZeroExit()
    {
        using var sandbox = new DaemonSandbox();

        var (exitCode, _, error) = await DaemonProcess.RunAsync(DaemonProcess.DaemonPath, "apply", "--config", sandbox.ConfigPath);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("--once"));
    }
}
