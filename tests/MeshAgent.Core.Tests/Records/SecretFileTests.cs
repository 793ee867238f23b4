using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Records;

public sealed class SecretFileTests
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("meshagent-secret-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Save_NewAuthority_FileIsMode0600AndLoadsBack()
    {
        var path = Path.Combine(_directory, "authority.key");
        var authority = MeshAuthority.Create();

        authority.Save(path);
        var loaded = MeshAuthority.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(loaded.PublicKey, Is.EqualTo(authority.PublicKey));
        });
    }

    [Test]
    public void Save_ExistingFile_RefusesToOverwrite()
    {
        var path = Path.Combine(_directory, "authority.key");
        MeshAuthority.Create().Save(path);
        var before = File.ReadAllText(path);

        Assert.That(() => MeshAuthority.Create().Save(path), Throws.TypeOf<SecretFileException>());
        Assert.That(File.ReadAllText(path), Is.EqualTo(before));
    }

    [Test]
    public void Load_GroupReadable_RefusedWithModeInMessageAndNoKeyMaterial()
    {
        var path = Path.Combine(_directory, "authority.key");
        MeshAuthority.Create().Save(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var content = File.ReadAllText(path).Trim();

        var error = Assert.Throws<SecretFileException>(() => MeshAuthority.Load(path));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("0644"));
            Assert.That(error.Message, Does.Not.Contain(content));
        });
    }

    [Test]
    public void Load_NotBase64_Refused()
    {
        var path = Path.Combine(_directory, "authority.key");
        File.WriteAllText(path, "hello\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.That(() => MeshAuthority.Load(path), Throws.TypeOf<SecretFileException>().With.Message.Contains("base64"));
    }

    [Test]
    public void ToString_Authority_NeverShowsSeed()
    {
        var path = Path.Combine(_directory, "authority.key");
        var authority = MeshAuthority.Create();
        authority.Save(path);

        Assert.That(authority.ToString(), Does.Not.Contain(File.ReadAllText(path).Trim()));
    }
}
