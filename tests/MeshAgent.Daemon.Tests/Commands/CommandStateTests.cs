using MeshAgent.Daemon.Commands;

namespace MeshAgent.Daemon.Tests.Commands;

public sealed class CommandStateTests
{
    private DirectoryInfo _state = null!;

    [SetUp]
    public void Create() => _state = Directory.CreateTempSubdirectory("ma-cmdstate-");

    [TearDown]
    public void Remove() => _state.Delete(recursive: true);

    [Test]
    public void Isolate_ThenRestart_StillIsolated_ReleaseUndoes()
    {
        new CommandState(_state.FullName).Isolate("KEY=", "spoke2");

        var restarted = new CommandState(_state.FullName);
        Assert.Multiple(() =>
        {
            Assert.That(restarted.IsIsolated("KEY="), Is.True);
            Assert.That(restarted.IsolatedNames, Is.EqualTo(new[] { "spoke2" }));
        });

        restarted.Release("KEY=", "spoke2");
        Assert.That(new CommandState(_state.FullName).IsolatedKeys, Is.Empty);
    }

    [Test]
    public void Isolate_Twice_SecondChangesNothing_ChangedOnce()
    {
        var state = new CommandState(_state.FullName);
        var changes = 0;
        state.Changed += _ => changes++;

        Assert.Multiple(() =>
        {
            Assert.That(state.Isolate("KEY=", "spoke2"), Is.True);
            Assert.That(state.Isolate("KEY=", "spoke2"), Is.False);
            Assert.That(changes, Is.EqualTo(1));
        });
    }

    [Test]
    public void MarkLeft_SurvivesRestart()
    {
        new CommandState(_state.FullName).MarkLeft();

        Assert.That(new CommandState(_state.FullName).HasLeft, Is.True);
    }

    [Test]
    public void Load_UnreadableLine_Throws()
    {
        File.WriteAllText(Path.Combine(_state.FullName, CommandState.FileName), "isolated\n");

        Assert.That(() => new CommandState(_state.FullName), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Isolate_StateDirectoryNotWritable_ThrowsAndKeepsPreviousState()
    {
        var file = Path.Combine(_state.FullName, "not-a-directory");
        File.WriteAllText(file, string.Empty);
        var state = new CommandState(file);

        Assert.Multiple(() =>
        {
            Assert.That(() => state.Isolate("KEY=", "spoke2"), Throws.InstanceOf<IOException>());
            Assert.That(state.IsIsolated("KEY="), Is.False);
        });
    }
}
