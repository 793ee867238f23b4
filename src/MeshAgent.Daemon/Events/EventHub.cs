using System.Collections.Immutable;

namespace MeshAgent.Daemon.Events;

/// <summary>Fans events out to the clients of <c>/api/v1/events</c>, each through its own bounded queue. Thread-safe.</summary>
public sealed class EventHub : IMeshEventPublisher
{
    /// <summary>Events a client may fall behind by before it is dropped.</summary>
    public const int DefaultCapacity = 1024;

    private ImmutableList<EventSubscription> _subscribers = [];

    /// <summary>Clients connected now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Count;

    /// <summary>A new client's queue; dispose it when the client goes.</summary>
    public EventSubscription Subscribe(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new EventSubscription(capacity, Remove);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }

    /// <inheritdoc />
    public void Publish(MeshEvent meshEvent)
    {
        ArgumentNullException.ThrowIfNull(meshEvent);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(meshEvent);
        }
    }

    private void Remove(EventSubscription subscription) =>
        ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(subscription));
}
