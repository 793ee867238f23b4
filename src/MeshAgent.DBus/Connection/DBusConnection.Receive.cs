using System.Net.Sockets;

namespace MeshAgent.DBus;

public sealed partial class DBusConnection
{
    // First receive buffer; grows (doubling, up to the announced message size) only as bytes arrive,
    // so a peer announcing a huge message cannot make us allocate it up front.
    private const int InitialReceiveBuffer = 64 * 1024;

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[InitialReceiveBuffer];
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                // Deliver every complete message already buffered.
                while (true)
                {
                    var available = buffer.AsSpan(start, end - start);
                    if (!MessageDecoder.TryGetMessageLength(available, out var total) || total > available.Length)
                    {
                        if (total > buffer.Length - start)
                        {
                            // Make room: compact first, then grow towards the message size.
                            available.CopyTo(buffer);
                            end -= start;
                            start = 0;
                            if (total > buffer.Length)
                            {
                                Array.Resize(ref buffer, (int)Math.Min(total, Math.Max(buffer.Length * 2L, end + InitialReceiveBuffer)));
                            }
                        }

                        break;
                    }

                    var message = MessageDecoder.Decode(available[..total]);
                    start += total;
                    Dispatch(message);
                }

                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var n = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    Close(new DBusConnectionLostException("D-Bus peer closed the connection"));
                    return;
                }

                end += n;
            }
        }
        catch (DBusFormatException e)
        {
            Interlocked.Increment(ref _malformed);
            Log.MalformedMessage(_logger, e.Error, e.Message);
            Close(new DBusConnectionLostException("D-Bus connection closed after a malformed message: " + e.Message, e));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(new DBusConnectionLostException("D-Bus connection lost: " + e.Message, e));
        }
    }

    private void Dispatch(DBusMessage message)
    {
        switch (message.Type)
        {
            case MessageType.MethodReturn or MessageType.Error:
                if (message.ReplySerial is { } serial && _pending.TryRemove(serial, out var tcs))
                {
                    tcs.TrySetResult(message);
                }

                break;
            case MessageType.Signal:
                DispatchSignal(message);
                break;
            case MessageType.MethodCall:
                DispatchMethodCall(message);
                break;
            default:
                // The specification says messages of unknown type must be ignored.
                break;
        }
    }
}
