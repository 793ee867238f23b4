using System.Runtime.Versioning;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Tests.Configuration;

[UnsupportedOSPlatform("windows")]
public sealed class KeyFileModeTests
{
    private const string Yaml = """
        gossip:
          key_file: /etc/meshagent/gossip.key
        authority:
          public_key: "43j4+2fo/dAtj/fWBrJZ28P0VkUmEbtPqOEawae83Hc="
          key_file: /etc/meshagent/authority.key
        """;

    private static readonly string[] BothTooOpen =
    [
        "agent.yaml:2:13: gossip.key_file: /etc/meshagent/gossip.key has mode 0644, must be 0600 or stricter (chmod 600 /etc/meshagent/gossip.key)",
        "agent.yaml:5:13: authority.key_file: /etc/meshagent/authority.key has mode 0640, must be 0600 or stricter (chmod 600 /etc/meshagent/authority.key)",
    ];

    private static readonly string[] BothKeyFiles = ["/etc/meshagent/gossip.key", "/etc/meshagent/authority.key"];

    private static readonly string[] DirectoryProblem = ["agent.yaml:2:13: gossip.key_file: /etc/meshagent/gossip.key is not a regular file"];

    [Test]
    public void Parse_KeyFilesReadableByOthers_ReportsBothWithTheirModes()
    {
        var files = new FakeFileStatusProbe()
            .WithFile("/etc/meshagent/gossip.key", Mode(0b110_100_100))
            .WithFile("/etc/meshagent/authority.key", Mode(0b110_100_000));

        var problems = TestConfig.Problems(Yaml, files);

        Assert.That(problems, Is.EqualTo(BothTooOpen));
        Assert.That(files.Asked, Is.EqualTo(BothKeyFiles));
    }

    [TestCase(0b110_000_000)]
    [TestCase(0b100_000_000)]
    [TestCase(0b000_000_000)]
    public void Parse_KeyFilesOwnerOnly_AreAccepted(int mode)
    {
        var files = new FakeFileStatusProbe()
            .WithFile("/etc/meshagent/gossip.key", Mode(mode))
            .WithFile("/etc/meshagent/authority.key", Mode(mode));

        var config = TestConfig.Valid(Yaml, files);

        Assert.That(config.Gossip!.KeyFile, Is.EqualTo("/etc/meshagent/gossip.key"));
    }

    [TestCase(0b110_000_001, "0601")]
    [TestCase(0b110_010_000, "0620")]
    [TestCase(0b111_111_111, "0777")]
    public void Parse_AnyGroupOrOtherBit_IsReported(int mode, string octal)
    {
        var files = new FakeFileStatusProbe().WithFile("/etc/meshagent/gossip.key", Mode(mode));

        var problems = TestConfig.Problems(Yaml, files);

        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.Contain($"has mode {octal}, must be 0600 or stricter"));
    }

    [Test]
    public void Parse_KeyFilesMissing_AreAccepted() =>
        Assert.That(TestConfig.Valid(Yaml).Authority!.KeyFile, Is.EqualTo("/etc/meshagent/authority.key"));

    [Test]
    public void Parse_KeyFileIsADirectory_IsReported()
    {
        var files = new FakeFileStatusProbe().WithDirectory("/etc/meshagent/gossip.key");

        Assert.That(TestConfig.Problems(Yaml, files),
            Is.EqualTo(DirectoryProblem));
    }

    [Test]
    public void LoadFile_RealKeyFileMode0644ThenChmod0600_IsReportedThenAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("meshagent-config-");
        try
        {
            var keyFile = Path.Combine(directory.FullName, "gossip.key");
            File.WriteAllText(keyFile, "not a real key");
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var configFile = Path.Combine(directory.FullName, "agent.yaml");
            File.WriteAllText(configFile, $"gossip:\n  key_file: {keyFile}\n");

            var open = AgentConfigLoader.LoadFile(configFile);
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var closed = AgentConfigLoader.LoadFile(configFile);

            Assert.That(open.Problems.Select(p => p.ToString()), Is.EqualTo(new[]
            {
                $"{configFile}:2:13: gossip.key_file: {keyFile} has mode 0644, must be 0600 or stricter (chmod 600 {keyFile})",
            }));
            Assert.That(closed.IsValid, Is.True, () => string.Join("\n", closed.Problems));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void FileSystemStatusProbe_RealFiles_ReportsExistenceKindAndMode()
    {
        var directory = Directory.CreateTempSubdirectory("meshagent-config-");
        try
        {
            var file = Path.Combine(directory.FullName, "key");
            File.WriteAllText(file, "x");
            File.SetUnixFileMode(file, UnixFileMode.UserRead);

            var probe = FileSystemStatusProbe.Instance;

            Assert.That(probe.Stat(file), Is.EqualTo(new FileStatus(true, true, UnixFileMode.UserRead)));
            Assert.That(probe.Stat(directory.FullName).IsRegularFile, Is.False);
            Assert.That(probe.Stat(directory.FullName).Exists, Is.True);
            Assert.That(probe.Stat(Path.Combine(directory.FullName, "absent")), Is.EqualTo(FileStatus.Missing));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;
}
