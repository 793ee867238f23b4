using MeshAgent.Daemon.Events;

namespace MeshAgent.Daemon.Tests.Events;

public class EventHubTests
{
    private static MeshEvent Event(int n) => new(MeshEventTypes.PathChanged, $"node-{n}", "established", DateTimeOffset.UnixEpoch);

    [Test]
    public async Task Publish_SlowSubscriberOverflows_DroppedWithReasonWhileOthersGetEverything()
    {
        var hub = new EventHub();
        using var slow = hub.Subscribe(capacity: 4);
        using var fast = hub.Subscribe(capacity: 4);
        var received = new List<string>();

        for (var n = 0; n < 10; n++)
        {
            hub.Publish(Event(n));
            while (fast.Events.TryRead(out var e))
            {
                received.Add(e.Subject);
            }
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 10).Select(n => $"node-{n}")));
        Assert.That(slow.DropReason, Does.Contain("too slow"));
        Assert.That(fast.DropReason, Is.Null);
        Assert.That(hub.SubscriberCount, Is.EqualTo(1));
        var kept = new List<string>();
        await foreach (var e in slow.Events.ReadAllAsync())
        {
            kept.Add(e.Subject);
        }

        Assert.That(kept, Is.EqualTo(new[] { "node-0", "node-1", "node-2", "node-3" }), "the queue ends where it overflowed");
    }

    [Test]
    public void Dispose_Subscription_LeavesTheHub()
    {
        var hub = new EventHub();
        var subscription = hub.Subscribe();
        Assert.That(hub.SubscriberCount, Is.EqualTo(1));

        subscription.Dispose();
        hub.Publish(Event(1));

        Assert.That(hub.SubscriberCount, Is.Zero);
        Assert.That(subscription.Events.Completion.IsCompleted, Is.True);
    }
}
