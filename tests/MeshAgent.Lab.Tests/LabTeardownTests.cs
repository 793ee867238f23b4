using MeshAgent.Lab;

namespace MeshAgent.Lab.Tests;

[Category("Lab")]
public sealed class LabTeardownTests
{
    [Test]
    public async Task DisposeAsync_AfterUse_LeavesNoNamespaceProcessOrDirectory()
    {
        LabNetwork lab;
        try
        {
            lab = await LabNetwork.CreateAsync("teardown");
        }
        catch (LabUnavailableException e)
        {
            Assert.Ignore(e.Message);
            return;
        }

        int pid;
        string directory = lab.Directory;
        await using (lab)
        {
            var host = await lab.AddHostAsync("a");
            await lab.AddSwitchAsync("u");
            var process = host.Start("sleep", ["600"]);
            pid = process.Pid;
        }

        var namespaces = (await CommandRunner.RunAsync("ip", ["netns", "list"])).StdOut;
        Assert.Multiple(() =>
        {
            Assert.That(namespaces, Does.Not.Contain(lab.Prefix));
            Assert.That(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal), Is.False);
            Assert.That(Directory.Exists(directory), Is.False);
        });
    }

    [Test]
    public async Task CreateAsync_LeftoversOfDeadRun_AreSwept()
    {
        if (!LabRequirements.IsRoot)
        {
            Assert.Ignore("needs root");
        }

        // A run whose owner is gone: an owner file naming a PID that is not running, and a namespace.
        var prefix = LabNames.NewPrefix();
        var directory = Path.Combine("/tmp/meshagent-lab", prefix);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "owner"), "999999999 1\n");
        (await CommandRunner.RunAsync("ip", ["netns", "add", prefix + "-x"])).EnsureSuccess();

        await using (await LabNetwork.CreateAsync("sweep"))
        {
            var namespaces = (await CommandRunner.RunAsync("ip", ["netns", "list"])).StdOut;
            Assert.Multiple(() =>
            {
                Assert.That(namespaces, Does.Not.Contain(prefix));
                Assert.That(Directory.Exists(directory), Is.False);
            });
        }
    }
}
