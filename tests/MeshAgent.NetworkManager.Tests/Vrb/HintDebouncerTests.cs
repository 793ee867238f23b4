using MeshAgent.NetworkManager.Vrb;
using MeshAgent.Testing;

namespace MeshAgent.NetworkManager.Tests.Vrb;

[TestFixture]
public sealed class HintDebouncerTests
{
    [Test]
    public void Post_BurstThenQuiet_FiresOnceWithTheHeadline()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var debouncer = new HintDebouncer(clock, TimeSpan.FromMilliseconds(500), fired.Add);
        debouncer.Post("device changed");
        debouncer.Post("NetworkManager restarted", important: true);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.That(fired, Is.EqualTo(new[] { "NetworkManager restarted (+1 more hints)" }));
    }

    // The end of `apply --once`: the services go away while a timer callback is already on its way. The callback
    // must not call out (the daemon's trigger would throw ObjectDisposedException on a timer thread).
    [Test]
    public void Fire_AfterDispose_DoesNotCallOut()
    {
        var clock = new CapturingTimeProvider();
        var fired = 0;
        var debouncer = new HintDebouncer(clock, TimeSpan.FromMilliseconds(500), _ => fired++);
        debouncer.Post("device changed");
        debouncer.Dispose();
        clock.Callback!(null);
        debouncer.Post("late hint");
        clock.Callback!(null);
        Assert.That(fired, Is.Zero);
    }

    /// <summary>Keeps the timer's callback so a test can run it at the moment it chooses.</summary>
    private sealed class CapturingTimeProvider : TimeProvider
    {
        public TimerCallback? Callback { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Callback = callback;
            return new InertTimer();
        }

        private sealed class InertTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
