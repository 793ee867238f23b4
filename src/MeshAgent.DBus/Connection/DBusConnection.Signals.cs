using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    private readonly ConcurrentDictionary<SignalSubscriber, byte> _subscribers = new();

    /// <summary>
    /// Adds <paramref name="rule"/> on the bus (AddMatch) and delivers every received message that
    /// matches it to <paramref name="handler"/>, in arrival order, one at a time, on a thread-pool
    /// task of this subscription (a slow handler delays only itself; never the read loop). Handler
    /// exceptions are logged and swallowed.
    /// </summary>
    /// <exception cref="DBusErrorException">The bus refused the rule.</exception>
    /// <exception cref="DBusConnectionLostException">The connection has ended.</exception>
    public async Task<DBusSubscription> SubscribeAsync(MatchRule rule, Action<DBusMessage> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(handler);
        var text = rule.ToString();
        var subscriber = new SignalSubscriber(this, rule, handler);

        // Registered before AddMatch so no message delivered right after the reply is missed.
        _subscribers[subscriber] = 0;
        try
        {
            await CallMethodAsync(BusName, BusPath, BusInterface, "AddMatch", [DBusValue.String(text)], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _subscribers.TryRemove(subscriber, out _);
            await subscriber.StopAsync().ConfigureAwait(false);
            throw;
        }

        return new DBusSubscription(rule, async () =>
        {
            _subscribers.TryRemove(subscriber, out _);
            subscriber.Complete();
            if (!IsConnected)
            {
                return;
            }

            try
            {
                await CallMethodAsync(BusName, BusPath, BusInterface, "RemoveMatch", [DBusValue.String(text)]).ConfigureAwait(false);
            }
            catch (DBusException e)
            {
                Log.RemoveMatchFailed(_logger, text, e.Message);
            }
        });
    }

    private void DispatchSignal(DBusMessage message)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            if (subscriber.Rule.Matches(message))
            {
                subscriber.Post(message);
            }
        }
    }

    private void CompleteSubscriptions()
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Complete();
        }
    }

    private async Task StopDispatchersAsync()
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            await subscriber.StopAsync().ConfigureAwait(false);
        }

        _subscribers.Clear();
    }

    /// <summary>One subscription's queue and its single consumer task.</summary>
    private sealed class SignalSubscriber
    {
        private readonly DBusConnection _owner;
        private readonly Action<DBusMessage> _handler;
        private readonly Channel<DBusMessage> _queue = Channel.CreateUnbounded<DBusMessage>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _consumer;

        public SignalSubscriber(DBusConnection owner, MatchRule rule, Action<DBusMessage> handler)
        {
            _owner = owner;
            Rule = rule;
            _handler = handler;
            _consumer = Task.Run(ConsumeAsync);
        }

        public MatchRule Rule { get; }

        public void Post(DBusMessage message) => _queue.Writer.TryWrite(message);

        public void Complete() => _queue.Writer.TryComplete();

        public Task StopAsync()
        {
            Complete();
            return _consumer;
        }

        private async Task ConsumeAsync()
        {
            await foreach (var message in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    _handler(message);
                }
#pragma warning disable CA1031 // A subscriber's bug must not stop delivery to it or kill the process.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.HandlerFailed(_owner._logger, Rule.ToString(), e);
                }
            }
        }
    }
}
