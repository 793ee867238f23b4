using MeshAgent.Dnsmasq.Rendering;

namespace MeshAgent.Dnsmasq.Tests;

[TestFixture]
public sealed class DnsmasqFileStoreTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("meshagent-dnsmasq-files-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // Under the unit's UMask=0077 our directory comes out 0700 (the state made here by hand); dnsmasq, which reads
    // the hosts files as its own user, could not enter it.
    [Test]
    public void WriteAll_DirectoryCreatedUnderStrictUmask_IsOpenedTo0755AndFilesAre0644()
    {
        var runtime = Path.Combine(_directory, "dnsmasq");
        Directory.CreateDirectory(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var rendering = DnsmasqRenderer.Render(SampleOptions.Full(runtime));

        DnsmasqFileStore.WriteAll(rendering);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(runtime), Is.EqualTo((UnixFileMode)Convert.ToInt32("755", 8)));
            Assert.That(File.GetUnixFileMode(rendering.Paths.MeshHostsFile), Is.EqualTo((UnixFileMode)Convert.ToInt32("644", 8)));
        });
    }
}
