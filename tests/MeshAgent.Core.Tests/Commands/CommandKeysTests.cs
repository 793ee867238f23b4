using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Commands;

public sealed class CommandKeysTests
{
    [Test]
    public void ForNode_AndForSelf_SameKeyOnBothEnds()
    {
        var header = CommandSamples.Isolate(2, 17);
        var fromAuthority = CommandPacket.Seal(header, CommandKeys.ForNode(CommandSamples.AuthoritySeed, CommandSamples.NodePublic));

        Assert.That(CommandSamples.NodeKey.Verifies(fromAuthority), Is.True);
    }

    [Test]
    public void Verifies_PacketForAnotherNode_False()
    {
        var forOther = CommandPacket.Seal(CommandSamples.Isolate(2, 17), CommandKeys.ForNode(CommandSamples.AuthoritySeed, CommandSamples.OtherPublic));

        Assert.That(CommandSamples.NodeKey.Verifies(forOther), Is.False);
    }

    [Test]
    public void Verifies_AnotherAuthority_False()
    {
        var otherSeed = Enumerable.Repeat((byte)9, 32).ToArray();
        var forged = CommandPacket.Seal(CommandSamples.Isolate(2, 17), CommandKeys.ForNode(otherSeed, CommandSamples.NodePublic));

        Assert.That(CommandSamples.NodeKey.Verifies(forged), Is.False);
    }

    [Test]
    public void Verifies_EverySingleBitFlipped_False()
    {
        var packet = CommandPacket.Seal(CommandSamples.Isolate(2, 17), CommandSamples.NodeKey);
        var key = CommandSamples.NodeKey;
        var accepted = 0;

        for (var bit = 0; bit < CommandPacket.Length * 8; bit++)
        {
            var flipped = (byte[])packet.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            accepted += key.Verifies(flipped) ? 1 : 0;
        }

        Assert.That(accepted, Is.Zero);
    }

    [Test]
    public void MeshAuthority_CommandKeyFor_SameAsTheNodesOwn()
    {
        var authority = MeshAuthorityFromSeed();
        var packet = CommandPacket.Seal(CommandSamples.Isolate(2, 17), authority.CommandKeyFor(CommandSamples.NodePublic));

        Assert.That(CommandSamples.NodeKey.Verifies(packet), Is.True);
    }

    [Test]
    public void ForSelf_AuthorityKeyNotAPoint_ThrowsArgumentException()
    {
        // y = 2 gives no point on the curve: libsodium's map refuses it.
        var notAPoint = new byte[32];
        notAPoint[0] = 2;

        Assert.That(() => CommandKeys.ForSelf(CommandSamples.NodePrivate, CommandSamples.NodePublic, notAPoint), Throws.ArgumentException);
    }

    [Test]
    public void ToString_NeverTheKey()
    {
        Assert.That(CommandSamples.NodeKey.ToString(), Is.EqualTo("command MAC key"));
    }

    private static MeshAuthority MeshAuthorityFromSeed()
    {
        var directory = Directory.CreateTempSubdirectory("ma-cmdkey-");
        try
        {
            var path = Path.Combine(directory.FullName, "authority.key");
            File.WriteAllText(path, Convert.ToBase64String(CommandSamples.AuthoritySeed) + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return MeshAuthority.Load(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
