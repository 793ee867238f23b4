using System.Net.WebSockets;
using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Mesh;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Http;

/// <summary>
/// <c>/api/v1/events</c> on every listener: a read-only WebSocket that sends the graph as a snapshot, then one
/// text message per event. Whatever the client sends is ignored. A client whose queue overflows is closed with
/// the reason; the agent never waits for it.
/// </summary>
public static class EventsEndpoint
{
    /// <summary>The stream's path.</summary>
    public const string Path = MeshEndpoints.PublicPrefix + "/v1/events";

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <summary>Maps the endpoint (needs <c>UseWebSockets</c> before it).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, Stream);
    }

    private static async Task Stream(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var hub = context.RequestServices.GetRequiredService<EventHub>();
        using var subscription = hub.Subscribe();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var reading = DrainAsync(socket, stop);
        try
        {
            var graph = context.RequestServices.GetService<MeshView>() is { } view ? await view.GraphAsync(stop.Token) : null;
            await SendAsync(socket, EventJson.Snapshot(graph), stop.Token);
            await foreach (var meshEvent in subscription.Events.ReadAllAsync(stop.Token))
            {
                await SendAsync(socket, EventJson.Event(meshEvent), stop.Token);
            }

            var reason = subscription.DropReason ?? "agent stopping";
            using var grace = new CancellationTokenSource(CloseGrace);
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, reason, grace.Token);
            // Cancelling the receive would abort the connection and lose what is still in flight: let the client
            // read to the close frame and answer it, for a while.
            await Task.WhenAny(reading, Task.Delay(CloseGrace, grace.Token));
        }
        catch (OperationCanceledException)
        {
            // The client went away or closed; nothing to say to it.
        }
        catch (WebSocketException)
        {
            // The connection broke.
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    private static Task SendAsync(WebSocket socket, byte[] message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the sender side.
        }
        catch (WebSocketException)
        {
            // The connection broke.
        }

        await stop.CancelAsync();
    }
}
