using System.Buffers.Binary;
using System.Text;
using MeshAgent.Core.Backup;

namespace MeshAgent.Core.Tests.Backup;

public sealed class BackupArchiveTests
{
    // Cheap enough for tests; the default cost is exercised once below.
    private static readonly BackupCost Cheap = new(1024, 1);

    private static BackupEntry[] Entries() =>
    [
        new("wireguard.key", Encoding.ASCII.GetBytes("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n")),
        new("records.bin", [1, 2, 3, 0, 255]),
        new("authority/used-tokens", []),
    ];

    [Test]
    public void Open_OfSeal_ReturnsEveryEntry()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", Cheap);

        var opened = BackupArchive.Open(file, "correct horse");

        Assert.That(opened.Select(e => (e.Name, Convert.ToHexString(e.Content))), Is.EqualTo(Entries().Select(e => (e.Name, Convert.ToHexString(e.Content)))));
    }

    [Test]
    public void Seal_DefaultCost_OpensAndHidesThePlaintext()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", BackupCost.Default);

        Assert.That(Encoding.ASCII.GetString(file), Does.Not.Contain("yAnz5TF").And.Not.Contain("wireguard.key"));
        Assert.That(BackupArchive.Open(file, "correct horse"), Has.Count.EqualTo(3));
    }

    [Test]
    public void Seal_Twice_DifferentSaltAndNonce()
    {
        var first = BackupArchive.Seal(Entries(), "correct horse", Cheap);
        var second = BackupArchive.Seal(Entries(), "correct horse", Cheap);

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void Open_WrongPassphrase_ThrowsBackupException()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", Cheap);

        var error = Assert.Throws<BackupException>(() => BackupArchive.Open(file, "battery staple"));
        Assert.That(error!.Message, Does.Contain("passphrase"));
    }

    [Test]
    public void Open_AnyFlippedByte_ThrowsBackupException()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", Cheap);

        for (var i = 0; i < file.Length; i++)
        {
            var damaged = file.ToArray();
            damaged[i] ^= 0x01;
            Assert.Throws<BackupException>(() => BackupArchive.Open(damaged, "correct horse"), $"byte {i}");
        }
    }

    [Test]
    public void Open_Truncated_ThrowsBackupException()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", Cheap);

        Assert.Throws<BackupException>(() => BackupArchive.Open(file.AsSpan(0, file.Length - 1), "correct horse"));
        Assert.Throws<BackupException>(() => BackupArchive.Open(file.AsSpan(0, 20), "correct horse"));
        Assert.Throws<BackupException>(() => BackupArchive.Open("not a backup at all"u8, "correct horse"));
    }

    [Test]
    public void Open_HostileCost_RefusedBeforeDerivingAKey()
    {
        var file = BackupArchive.Seal(Entries(), "correct horse", Cheap);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(9), uint.MaxValue);

        var error = Assert.Throws<BackupException>(() => BackupArchive.Open(file, "correct horse"));
        Assert.That(error!.Message, Does.Contain("cost"));
    }

    [Test]
    public void ToString_NeverShowsTheContent()
    {
        Assert.That(Entries()[0].ToString(), Does.Not.Contain("yAnz5TF"));
    }
}
