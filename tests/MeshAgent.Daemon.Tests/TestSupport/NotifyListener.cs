using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>
/// The systemd side of sd_notify for tests: a real AF_UNIX datagram socket (a path, or an abstract name)
/// that records every datagram with the time it arrived.
/// </summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Lock _gate = new();
    private readonly List<NotifyMessage> _messages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;

    private NotifyListener(string address, string notifySocketValue)
    {
        _socket.Bind(new UnixDomainSocketEndPoint(address));
        NotifySocket = notifySocketValue;
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>The value for the daemon's NOTIFY_SOCKET.</summary>
    public string NotifySocket { get; }

    /// <summary>A socket at a file path.</summary>
    public static NotifyListener AtPath(string path) => new(path, path);

    /// <summary>A socket in the abstract namespace (NOTIFY_SOCKET="@name").</summary>
    public static NotifyListener Abstract(string name) => new("\0" + name, "@" + name);

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<NotifyMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The STATUS= in force when message <paramref name="index"/> arrived: the last one sent up to and including it.</summary>
    public string? StatusAt(int index)
    {
        var messages = Messages;
        for (var i = Math.Min(index, messages.Count - 1); i >= 0; i--)
        {
            if (messages[i].Get("STATUS") is { } status)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Time since this listener was created (the same clock as <see cref="NotifyMessage.At"/>).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Waits for a message satisfying <paramref name="predicate"/> received at index ≥ <paramref name="from"/>; returns its index.</summary>
    public async Task<int> WaitForAsync(Func<NotifyMessage, bool> predicate, string what, int from = 0, TimeSpan? timeout = null)
    {
        var deadline = _clock.Elapsed + (timeout ?? TimeSpan.FromSeconds(30));
        while (_clock.Elapsed < deadline)
        {
            var messages = Messages;
            for (var i = from; i < messages.Count; i++)
            {
                if (predicate(messages[i]))
                {
                    return i;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no notify message {what}; got: {string.Join(" | ", Messages.Select(m => m.Text.Replace("\n", "\\n", StringComparison.Ordinal)))}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiver.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The receive loop ends with the socket.
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var message = new NotifyMessage(_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, received));
            lock (_gate)
            {
                _messages.Add(message);
            }
        }
    }
}

/// <summary>One datagram: when it arrived (listener clock) and its text.</summary>
internal sealed record NotifyMessage(TimeSpan At, string Text)
{
    /// <summary>The KEY=value assignments, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Assignments =>
        [.. Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : string.Empty))];

    public bool Has(string key, string? value = null) =>
        Assignments.Any(a => a.Key == key && (value is null || a.Value == value));

    public string? Get(string key) => Assignments.FirstOrDefault(a => a.Key == key).Value;
}
