using System.Threading.Channels;

namespace MeshAgent.Daemon.Events;

/// <summary>
/// One client's bounded queue. When the client falls behind by more than its capacity the queue is completed
/// with <see cref="DropReason"/> instead of waiting for it: a slow client never slows the publisher.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    private readonly Channel<MeshEvent> _queue;
    private readonly Action<EventSubscription> _unsubscribe;
    private string? _dropReason;

    internal EventSubscription(int capacity, Action<EventSubscription> unsubscribe)
    {
        _queue = Channel.CreateBounded<MeshEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _unsubscribe = unsubscribe;
    }

    /// <summary>The events, in order; completes when the subscription is dropped.</summary>
    public ChannelReader<MeshEvent> Events => _queue.Reader;

    /// <summary>Why the subscription was dropped, or null while it is live.</summary>
    public string? DropReason => Volatile.Read(ref _dropReason);

    internal void Offer(MeshEvent meshEvent)
    {
        if (!_queue.Writer.TryWrite(meshEvent) && Interlocked.CompareExchange(ref _dropReason, "client too slow: event queue full", null) is null)
        {
            _queue.Writer.TryComplete();
            _unsubscribe(this);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _unsubscribe(this);
    }
}
