using MeshAgent.Core.Commands;

namespace MeshAgent.Core.Tests.Commands;

public sealed class ReplayWindowTests
{
    [Test]
    public void Mark_SameCounterTwice_SecondRefused()
    {
        var window = new ReplayWindow();

        Assert.Multiple(() =>
        {
            Assert.That(window.Mark(5), Is.True);
            Assert.That(window.Mark(5), Is.False);
            Assert.That(window.IsFresh(5), Is.False);
        });
    }

    [Test]
    public void Mark_CounterZero_NeverFresh()
    {
        Assert.That(new ReplayWindow().Mark(0), Is.False);
    }

    [Test]
    public void Mark_OutOfOrderInsideWindow_EachTakenOnce()
    {
        var window = new ReplayWindow();

        Assert.Multiple(() =>
        {
            Assert.That(window.Mark(100), Is.True);
            Assert.That(window.Mark(40), Is.True);
            Assert.That(window.Mark(99), Is.True);
            Assert.That(window.Mark(40), Is.False);
            Assert.That(window.Highest, Is.EqualTo(100u));
        });
    }

    [Test]
    public void IsFresh_OlderThanTheWindow_False()
    {
        var window = new ReplayWindow();
        window.Mark(ReplayWindow.WindowSize + 10);

        Assert.Multiple(() =>
        {
            Assert.That(window.IsFresh(10), Is.False, "exactly WindowSize behind");
            Assert.That(window.IsFresh(11), Is.True, "just inside");
        });
    }

    [Test]
    public void Mark_JumpFarBeyondTheRing_OldBitsDoNotLeakIntoNewCounters()
    {
        var window = new ReplayWindow();
        for (uint c = 1; c <= 1024; c++)
        {
            window.Mark(c);
        }

        window.Mark(1_000_000);

        // Counters inside the new window that were never sent must be fresh, even though their ring bits were set before.
        Assert.That(Enumerable.Range(1, 200).Select(i => (uint)(1_000_000 - i)).All(window.IsFresh), Is.True);
    }

    [TestCase(1u)]
    [TestCase(63u)]
    [TestCase(64u)]
    [TestCase(127u)]
    [TestCase(5000u)]
    [TestCase(uint.MaxValue - 1)]
    public void Restored_EverythingUpToTheMarkSeen_AboveFresh(uint mark)
    {
        var window = new ReplayWindow(mark);

        Assert.Multiple(() =>
        {
            Assert.That(window.IsFresh(mark), Is.False);
            Assert.That(window.IsFresh(mark - 1), Is.False);
            Assert.That(window.IsFresh(mark + 1), Is.True);
            Assert.That(window.Mark(mark + 1), Is.True);
            Assert.That(window.IsFresh(mark), Is.False, "still seen after sliding");
        });
    }

    [Test]
    public void Mark_RandomOrder_AgreesWithAReferenceSet()
    {
        // Model check: a set of taken counters and "older than the window" is the specification.
        var random = new Random(6479);
        var window = new ReplayWindow();
        var taken = new HashSet<uint>();
        uint highest = 0;
        var disagreements = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var step = random.Next(0, 10) == 0 ? random.Next(1, 3000) : random.Next(-1200, 40);
            var counter = (uint)Math.Max(1, (long)highest + step);
            var expected = !taken.Contains(counter) && (counter > highest || highest - counter < ReplayWindow.WindowSize);
            if (window.Mark(counter) != expected)
            {
                disagreements++;
            }

            if (expected)
            {
                taken.Add(counter);
                highest = Math.Max(highest, counter);
            }
        }

        Assert.That(disagreements, Is.Zero);
    }
}
