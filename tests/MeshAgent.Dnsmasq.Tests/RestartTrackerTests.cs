using MeshAgent.Dnsmasq.Supervision;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class RestartTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly double[] DefaultDelays = [0.5, 1, 2, 4, 8, 60, 60];
    private static readonly bool[] DefaultLooping = [false, false, false, false, false, true, true];

    [Test]
    public void OnExit_ImmediateCrashes_DoublingDelaysThenCrashLoopWithSlowRetry()
    {
        var tracker = new RestartTracker(DnsmasqRestartPolicy.Default);
        var now = T0;
        var delays = new List<double>();
        var looping = new List<bool>();
        for (var i = 0; i < 7; i++)
        {
            var decision = tracker.OnExit(now, now);
            delays.Add(decision.Delay.TotalSeconds);
            looping.Add(decision.CrashLooping);
            now += decision.Delay;
        }

        Assert.Multiple(() =>
        {
            Assert.That(delays, Is.EqualTo(DefaultDelays));
            Assert.That(looping, Is.EqualTo(DefaultLooping));
        });
    }

    [Test]
    public void OnExit_FiveRestartsWithinWindow_SixthIsCrashLoop()
    {
        var policy = DnsmasqRestartPolicy.Default with { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) };
        var tracker = new RestartTracker(policy);
        var now = T0;
        for (var i = 0; i < 5; i++)
        {
            Assert.That(tracker.OnExit(now, now).CrashLooping, Is.False, $"restart {i + 1}");
            now += TimeSpan.FromSeconds(1);
        }

        Assert.That(tracker.OnExit(now, now).CrashLooping, Is.True);
    }

    [Test]
    public void OnExit_RestartsSpreadBeyondWindow_NeverCrashLoop()
    {
        var policy = DnsmasqRestartPolicy.Default with { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) };
        var tracker = new RestartTracker(policy);
        var now = T0;
        for (var i = 0; i < 20; i++)
        {
            // Each run lasts 6 s: five restarts span 35 s, more than the 30 s window.
            var started = now + TimeSpan.FromSeconds(1);
            now = started + TimeSpan.FromSeconds(6);
            Assert.That(tracker.OnExit(started, now).CrashLooping, Is.False, $"exit {i + 1}");
        }
    }

    [Test]
    public void OnExit_AfterStableRun_BackoffStartsOverAndLoopEnds()
    {
        var tracker = new RestartTracker(DnsmasqRestartPolicy.Default);
        var now = T0;
        for (var i = 0; i < 6; i++)
        {
            var decision = tracker.OnExit(now, now);
            now += decision.Delay;
        }

        Assert.That(tracker.CrashLooping, Is.True);
        var started = now;
        now += TimeSpan.FromMinutes(5);

        var next = tracker.OnExit(started, now);

        Assert.Multiple(() =>
        {
            Assert.That(next.CrashLooping, Is.False);
            Assert.That(next.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        });
    }

    [Test]
    public void OnRunning_LongEnough_EndsCrashLoop()
    {
        var tracker = new RestartTracker(DnsmasqRestartPolicy.Default);
        var now = T0;
        for (var i = 0; i < 6; i++)
        {
            now += tracker.OnExit(now, now).Delay;
        }

        tracker.OnRunning(now, now + TimeSpan.FromSeconds(29));
        Assert.That(tracker.CrashLooping, Is.True);

        tracker.OnRunning(now, now + TimeSpan.FromSeconds(30));
        Assert.That(tracker.CrashLooping, Is.False);
    }

    [Test]
    public void Reset_AfterCrashLoop_FirstDelayAgain()
    {
        var tracker = new RestartTracker(DnsmasqRestartPolicy.Default);
        var now = T0;
        for (var i = 0; i < 6; i++)
        {
            now += tracker.OnExit(now, now).Delay;
        }

        tracker.Reset();

        Assert.That(tracker.OnExit(now, now), Is.EqualTo(new RestartDecision(TimeSpan.FromMilliseconds(500), false, 1)));
    }
}
