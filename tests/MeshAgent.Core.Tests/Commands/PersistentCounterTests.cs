using MeshAgent.Core.Commands;

namespace MeshAgent.Core.Tests.Commands;

public sealed class PersistentCounterTests
{
    private DirectoryInfo _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("ma-cmdstate-");

    [TearDown]
    public void RemoveStateDirectory() => _state.Delete(recursive: true);

    [Test]
    public void TryTake_ThenRestart_SameCounterRefused()
    {
        var window = PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic);
        Assert.That(window.TryTake(7), Is.True);

        var restarted = PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic);

        Assert.Multiple(() =>
        {
            Assert.That(restarted.TryTake(7), Is.False, "the same packet after a restart");
            Assert.That(restarted.TryTake(6), Is.False, "an older counter, never seen, after a restart");
            Assert.That(restarted.TryTake(8), Is.True);
        });
    }

    [Test]
    public void TryTake_OutOfOrderBeforeRestart_MarkIsTheHighest()
    {
        var window = PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic);
        window.TryTake(20);
        window.TryTake(12);

        Assert.That(PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic).Highest, Is.EqualTo(20u));
    }

    [Test]
    public void Open_FileOfAnotherAuthority_StartsFresh()
    {
        PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic).TryTake(500);

        var other = PersistentReplayWindow.Open(_state.FullName, CommandSamples.OtherPublic);

        Assert.That(other.TryTake(1), Is.True);
    }

    [Test]
    public void Open_CorruptFile_ThrowsInsteadOfGuessing()
    {
        File.WriteAllText(Path.Combine(_state.FullName, PersistentReplayWindow.FileName), "garbage\n");

        Assert.That(() => PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic), Throws.TypeOf<CounterFileException>());
    }

    [Test]
    public void TryTake_WritesMode0600()
    {
        PersistentReplayWindow.Open(_state.FullName, CommandSamples.AuthorityPublic).TryTake(1);

        Assert.That(File.GetUnixFileMode(Path.Combine(_state.FullName, PersistentReplayWindow.FileName)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void CommandCounter_Restart_ContinuesAboveEveryCounterUsed()
    {
        var counter = CommandCounter.Open(_state.FullName, CommandSamples.AuthorityPublic);
        var used = Enumerable.Range(0, 300).Select(_ => counter.Next()).ToList();

        var restarted = CommandCounter.Open(_state.FullName, CommandSamples.AuthorityPublic);
        var next = restarted.Next();

        Assert.Multiple(() =>
        {
            Assert.That(used, Is.Ordered.Ascending);
            Assert.That(used.Distinct().Count(), Is.EqualTo(300));
            Assert.That(used[0], Is.EqualTo(1u));
            Assert.That(next, Is.GreaterThan(used[^1]));
        });
    }

    [Test]
    public void CommandCounter_StoresTheEndOfTheBlockBeforeUse()
    {
        var counter = CommandCounter.Open(_state.FullName, CommandSamples.AuthorityPublic);
        counter.Next();

        Assert.That(CounterFile.Read(Path.Combine(_state.FullName, CommandCounter.FileName), CommandSamples.AuthorityPublic), Is.EqualTo(CommandCounter.BlockSize));
    }

    [Test]
    public void CommandCounter_SpaceUsedUp_Throws()
    {
        CounterFile.Write(Path.Combine(_state.FullName, CommandCounter.FileName), CommandSamples.AuthorityPublic, uint.MaxValue - 1);
        var counter = CommandCounter.Open(_state.FullName, CommandSamples.AuthorityPublic);

        Assert.Multiple(() =>
        {
            Assert.That(counter.Next(), Is.EqualTo(uint.MaxValue));
            Assert.That(() => counter.Next(), Throws.InvalidOperationException);
        });
    }
}
