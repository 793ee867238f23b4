using System.CommandLine;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using MeshAgent.Cli.LocalApi;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl top [--count N]</c>: a live view of this node's peers (handshake age, traffic rates), redrawn on
/// every event of the daemon's event stream and at least every <see cref="RefreshInterval"/> (rates need
/// fresh counters even when nothing happens). Ctrl-C ends it.
/// </summary>
internal static class TopCommand
{
    /// <summary>Longest time between two screens.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>Events kept on screen.</summary>
    private const int EventLines = 8;

    /// <summary>Largest event message read (the first one, the snapshot, holds the whole graph).</summary>
    private const int MaxMessageBytes = 16 << 20;

    public static Command Create()
    {
        var socket = ApiCommand.SocketOption();
        var count = new Option<int>("--count") { Description = "Stop after this many screens (0: run until interrupted)", DefaultValueFactory = _ => 0 };
        var command = new Command("top", "Live view of this node's peers: handshake age and traffic rates, redrawn on every mesh event") { socket, count };
        command.SetAction((parse, cancellationToken) => ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, client => RunAsync(client, parse.GetValue(count), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(LocalApiClient client, int screens, CancellationToken cancellationToken)
    {
        using var stream = await client.OpenEventsAsync(cancellationToken);
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        var events = new List<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadEventsAsync(stream, events, wake.Writer, stop.Token);
        IReadOnlyList<PeerInfo>? previous = null;
        var previousAt = DateTimeOffset.MinValue;
        try
        {
            for (var shown = 0; screens == 0 || shown < screens; shown++)
            {
                var peers = await client.GetAsync(ApiDefaults.PeersPath, ApiJsonContext.Default.IReadOnlyListPeerInfo, cancellationToken);
                var now = DateTimeOffset.UtcNow;
                string[] recent;
                lock (events)
                {
                    recent = [.. events];
                }

                var screen = TopView.Format(peers, previous, (now - previousAt).TotalSeconds, now, recent);
                // Clear and home only on a terminal; piped output gets one screen after another.
                await Console.Out.WriteAsync(Console.IsOutputRedirected ? screen + "\n" : "\u001b[H\u001b[2J" + screen);
                previous = peers;
                previousAt = now;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(RefreshInterval);
                try
                {
                    await wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Nothing happened: redraw for the rates.
                }
                catch (ChannelClosedException)
                {
                    await Console.Error.WriteLineAsync("meshctl: the daemon closed the event stream");
                    return 1;
                }
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    private static async Task ReadEventsAsync(ClientWebSocket stream, List<string> events, ChannelWriter<bool> wake, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await stream.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    break;
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                // The snapshot (and anything else that is not an event) changes nothing on this screen.
                if (Describe(message.ToArray()) is { } line)
                {
                    lock (events)
                    {
                        events.Add(line);
                        if (events.Count > EventLines)
                        {
                            events.RemoveAt(0);
                        }
                    }

                    wake.TryWrite(true);
                }

                message.SetLength(0);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (WebSocketException)
        {
            // The daemon went away; the loop notices at its next read.
        }

        wake.TryComplete();
    }

    /// <summary>One line for an event; null for the snapshot and for anything that is not an event.</summary>
    internal static string? Describe(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString();
            if (type is null or "snapshot")
            {
                return null;
            }

            var time = root.TryGetProperty("time", out var at) && at.TryGetDateTimeOffset(out var when) ? when.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "--:--:--";
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? " " + d.GetString() : string.Empty;
            return $"{time} {type} {root.GetProperty("subject").GetString()}{detail}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
