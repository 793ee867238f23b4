using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Rendering;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqRendererTests
{
    private static readonly string[] ExpectedArguments = ["--keep-in-foreground", "--conf-file=/tmp/x/dnsmasq.conf"];

    private static string Expected(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Expected", name));

    [TestCase("full")]
    [TestCase("minimal")]
    public void Render_SampleOptions_MatchesCheckedInFiles(string sample)
    {
        var options = sample == "full" ? SampleOptions.Full() : SampleOptions.Minimal();

        var rendering = DnsmasqRenderer.Render(options);

        Assert.Multiple(() =>
        {
            Assert.That(rendering.Config, Is.EqualTo(Expected(sample + ".conf")));
            Assert.That(rendering.MeshHosts, Is.EqualTo(Expected(sample + ".mesh.hosts")));
            Assert.That(rendering.StaticHosts, Is.EqualTo(Expected(sample + ".static.hosts")));
        });
    }

    [Test]
    public void Render_Always_ArgumentsKeepInForegroundWithOurConfigOnly()
    {
        var rendering = DnsmasqRenderer.Render(SampleOptions.Full("/tmp/x"));

        Assert.That(rendering.Arguments, Is.EqualTo(ExpectedArguments));
        Assert.That(rendering.BinaryPath, Is.EqualTo("/usr/sbin/dnsmasq"));
    }

    [Test]
    public void Render_AnyOptions_NeverNamesSystemFiles()
    {
        foreach (var options in new[] { SampleOptions.Full(), SampleOptions.Minimal() })
        {
            var rendering = DnsmasqRenderer.Render(options);
            var everything = rendering.Config + string.Join(' ', rendering.Arguments);
            Assert.That(everything, Does.Not.Contain("/etc/"));
            Assert.That(everything, Does.Not.Contain("conf-dir"));
            Assert.That(rendering.Config, Does.Contain("\nno-resolv\n"));
        }
    }

    [Test]
    public void Render_MeshHostsInAnotherOrder_SameText()
    {
        var options = SampleOptions.Full();
        var reversed = options with { MeshHosts = options.MeshHosts.Reverse().ToList() };

        Assert.That(DnsmasqRenderer.Render(reversed).MeshHosts, Is.EqualTo(DnsmasqRenderer.Render(options).MeshHosts));
    }

    [Test]
    public void Render_InvalidOptions_ThrowsConfigException()
    {
        var options = SampleOptions.Full() with { Domain = "lan\nserver=6.6.6.6" };

        var e = Assert.Throws<DnsmasqConfigException>(() => DnsmasqRenderer.Render(options));

        Assert.That(e!.Problems, Has.Some.StartsWith("domain:"));
    }

    [TestCase(120, "2m")]
    [TestCase(3600, "1h")]
    [TestCase(43200, "12h")]
    [TestCase(5400, "90m")]
    [TestCase(125, "125")]
    public void FormatLeaseTime_Seconds_LargestWholeUnit(int seconds, string expected)
    {
        Assert.That(DnsmasqRenderer.FormatLeaseTime(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
    }

    [Test]
    public void NeedsRestartFrom_OnlyMeshHostsChanged_FalseButHostsDiffer()
    {
        var before = DnsmasqRenderer.Render(SampleOptions.Full());
        var after = DnsmasqRenderer.Render(SampleOptions.Full() with { MeshHosts = [] });

        Assert.Multiple(() =>
        {
            Assert.That(after.NeedsRestartFrom(before), Is.False);
            Assert.That(after.HostsDifferFrom(before), Is.True);
        });
    }

    [Test]
    public void NeedsRestartFrom_DomainChanged_True()
    {
        var before = DnsmasqRenderer.Render(SampleOptions.Full());
        var after = DnsmasqRenderer.Render(SampleOptions.Full() with { Domain = "home" });

        Assert.That(after.NeedsRestartFrom(before), Is.True);
    }
}
