using MeshAgent.Core.Mesh;

namespace MeshAgent.Core.Tests.Mesh;

public sealed class DirectPathTrackerTests
{
    private const string Peer = "peer-key";
    private ManualTimeProvider _clock = null!;
    private DirectPathTracker _tracker = null!;

    [SetUp]
    public void Create()
    {
        _clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        _tracker = new DirectPathTracker(_clock, TimeSpan.FromSeconds(10));
    }

    [Test]
    public void Update_NewCandidate_Trying()
    {
        var changed = Update(handshake: null);

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.True);
            Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Trying));
            Assert.That(_tracker.NextDeadline, Is.EqualTo(_clock.GetUtcNow().AddSeconds(10)));
        });
    }

    [Test]
    public void Update_HandshakeWithinTimeout_Established()
    {
        Update(handshake: null);
        _clock.Advance(TimeSpan.FromSeconds(3));

        Update(handshake: _clock.GetUtcNow());

        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Established));
    }

    [Test]
    public void Update_NoHandshakeForTimeout_FailedThenRetriedAfterBackoff()
    {
        Update(handshake: null);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Update(handshake: null);
        var failed = _tracker.States[Peer];
        _clock.Advance(TimeSpan.FromSeconds(29));
        Update(handshake: null);
        var stillFailed = _tracker.States[Peer];
        _clock.Advance(TimeSpan.FromSeconds(1));
        Update(handshake: null);

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.EqualTo(DirectPathState.Failed));
            Assert.That(stillFailed, Is.EqualTo(DirectPathState.Failed));
            Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Trying));
        });
    }

    [Test]
    public void Update_RepeatedFailures_BackoffDoublesUpToMaximum()
    {
        var delays = new List<TimeSpan>();
        Update(handshake: null);
        for (var i = 0; i < 8; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Update(handshake: null);
            var retryAt = _tracker.NextDeadline!.Value;
            delays.Add(retryAt - _clock.GetUtcNow());
            _clock.Advance(retryAt - _clock.GetUtcNow());
            Update(handshake: null);
        }

        Assert.That(delays.Select(d => (int)d.TotalSeconds), Is.EqualTo(new[] { 30, 60, 120, 240, 480, 600, 600, 600 }));
    }

    [Test]
    public void Update_EstablishedThenHandshakeStale_Failed()
    {
        Update(handshake: null);
        var handshake = _clock.GetUtcNow();
        Update(handshake);
        _clock.Advance(TimeSpan.FromSeconds(181));

        Update(handshake);

        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Failed));
    }

    [Test]
    public void Update_HandshakeOlderThanAttempt_DoesNotCountAsSuccess()
    {
        var old = _clock.GetUtcNow().AddMinutes(-1);

        Update(old);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Update(old);

        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Trying));
    }

    [Test]
    public void Update_HandshakeJustBeforeTheAttemptsFirstReadBack_Established()
    {
        var justBefore = _clock.GetUtcNow().AddMilliseconds(-300);

        Update(justBefore);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Update(justBefore);

        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Established));
    }

    [Test]
    public void Update_CandidateGone_Forgotten()
    {
        Update(handshake: null);

        var changed = _tracker.Update([], new Dictionary<string, DateTimeOffset?>());

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.True);
            Assert.That(_tracker.States, Is.Empty);
            Assert.That(_tracker.NextDeadline, Is.Null);
        });
    }

    // A failed attempt can make gossip suspect the member for a moment (its traffic went into the dead direct peer):
    // when it is a candidate again before the retry time, the failure and its backoff still hold.
    [Test]
    public void Update_FailedCandidateGoneAndBackBeforeRetry_StillFailed()
    {
        Update(handshake: null);
        _clock.Advance(TimeSpan.FromSeconds(11));
        Update(handshake: null);
        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Failed));

        _tracker.Update([], new Dictionary<string, DateTimeOffset?>());
        _clock.Advance(TimeSpan.FromSeconds(5));
        Update(handshake: null);

        Assert.Multiple(() =>
        {
            Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Failed));
            Assert.That(_tracker.NextDeadline, Is.EqualTo(_clock.GetUtcNow().AddSeconds(25)), "the first retry, 30 s after the failure");
        });
    }

    [Test]
    public void Update_FailedCandidateBackAfterItsRetryTime_TriedAgain()
    {
        Update(handshake: null);
        _clock.Advance(TimeSpan.FromSeconds(11));
        Update(handshake: null);
        _tracker.Update([], new Dictionary<string, DateTimeOffset?>());
        _clock.Advance(TimeSpan.FromSeconds(31));

        Update(handshake: null);

        Assert.That(_tracker.States[Peer], Is.EqualTo(DirectPathState.Trying));
    }

    private bool Update(DateTimeOffset? handshake) =>
        _tracker.Update([Peer], new Dictionary<string, DateTimeOffset?> { [Peer] = handshake });
}
