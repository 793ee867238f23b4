using System.Text;
using MeshAgent.Core.Backup;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Configuration;

namespace MeshAgent.Core.Tests.Backup;

public sealed class NodeBackupTests
{
    private static readonly byte[] AuthorityPublicKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private string _root = null!;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("nodebackup").FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Restore_OfCollect_PutsEveryFileBackWithMode0600()
    {
        var source = Node("a");
        Write(Path.Combine(source.Node.StateDirectory, "wireguard.key"), "key\n");
        Write(Path.Combine(source.Node.StateDirectory, "records.bin"), "records");
        Write(Path.Combine(source.Node.StateDirectory, "authority", "used-tokens"), "t1\n");
        Write(Path.Combine(source.Node.StateDirectory, "records.bin.tmp"), "half written");
        Write(source.Authority!.KeyFile!, "authority");
        Write(source.Gossip!.KeyFile!, "gossip");
        Write(Path.Combine(_root, "a.yaml"), "node: {}\n");

        var entries = NodeBackup.Collect(source, Path.Combine(_root, "a.yaml"));
        var target = Node("b");
        var written = NodeBackup.Restore(entries, target, overwrite: false);

        Assert.That(entries.Select(e => e.Name), Is.EquivalentTo(new[] { "agent.yaml", "state/wireguard.key", "state/records.bin", "state/authority/used-tokens", "authority.key", "gossip.key" }));
        Assert.That(File.ReadAllText(Path.Combine(target.Node.StateDirectory, "authority", "used-tokens")), Is.EqualTo("t1\n"));
        Assert.That(File.ReadAllText(target.Authority!.KeyFile!), Is.EqualTo("authority"));
        Assert.That(File.ReadAllText(target.Gossip!.KeyFile!), Is.EqualTo("gossip"));
        Assert.That(written.Select(File.GetUnixFileMode), Is.All.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(target.Node.StateDirectory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }

    [Test]
    public void Collect_WithoutWireGuardKey_SaysThereIsNoIdentity()
    {
        var config = Node("a");
        Write(Path.Combine(_root, "a.yaml"), "node: {}\n");

        var error = Assert.Throws<BackupException>(() => NodeBackup.Collect(config, Path.Combine(_root, "a.yaml")));

        Assert.That(error!.Message, Does.Contain("no identity"));
    }

    [Test]
    public void Restore_OverAnExistingIdentity_RefusesUnlessForced()
    {
        var config = Node("b");
        Write(Path.Combine(config.Node.StateDirectory, "wireguard.key"), "present\n");
        BackupEntry[] entries = [new("state/wireguard.key", Encoding.ASCII.GetBytes("restored\n"))];

        Assert.Throws<BackupException>(() => NodeBackup.Restore(entries, config, overwrite: false));
        Assert.That(File.ReadAllText(Path.Combine(config.Node.StateDirectory, "wireguard.key")), Is.EqualTo("present\n"));

        NodeBackup.Restore(entries, config, overwrite: true);
        Assert.That(File.ReadAllText(Path.Combine(config.Node.StateDirectory, "wireguard.key")), Is.EqualTo("restored\n"));
    }

    [TestCase("state/../escape")]
    [TestCase("state//etc/passwd")]
    [TestCase("state/")]
    public void Restore_EntryOutsideTheStateDirectory_IsRefusedBeforeAnyWrite(string name)
    {
        var config = Node("b");
        BackupEntry[] entries = [new("state/wireguard.key", [1]), new(name, [2])];

        Assert.Throws<BackupException>(() => NodeBackup.Restore(entries, config, overwrite: false));
        Assert.That(Directory.Exists(config.Node.StateDirectory), Is.False);
        Assert.That(File.Exists(Path.Combine(_root, "escape")), Is.False);
    }

    [Test]
    public void Restore_CommandCounter_SkipsTheCountersUsedSinceTheBackup()
    {
        var source = Node("a");
        Write(Path.Combine(source.Node.StateDirectory, "wireguard.key"), "key\n");
        CounterFile.Write(Path.Combine(source.Node.StateDirectory, CommandCounter.FileName), AuthorityPublicKey, 512);
        Write(Path.Combine(_root, "a.yaml"), "node: {}\n");
        var entries = NodeBackup.Collect(source, Path.Combine(_root, "a.yaml"));
        var target = Node("b");

        NodeBackup.Restore(entries, target, overwrite: false);

        Assert.That(CounterFile.Read(Path.Combine(target.Node.StateDirectory, CommandCounter.FileName), AuthorityPublicKey), Is.EqualTo(512 + NodeBackup.CounterGapAfterRestore));
    }

    private AgentConfig Node(string name) => new()
    {
        Node = new NodeConfig { Name = name, StateDirectory = Path.Combine(_root, name, "state") },
        Authority = new AuthorityConfig { PublicKey = Convert.ToBase64String(AuthorityPublicKey), KeyFile = Path.Combine(_root, name, "authority.key") },
        Gossip = new GossipConfig { KeyFile = Path.Combine(_root, name, "gossip.key") },
    };

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
