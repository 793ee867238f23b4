using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Tests.Events;

/// <summary><c>/api/v1/events</c> (and the view beside it) on a real Kestrel bound to 127.0.0.1, port 0.</summary>
public class EventsEndpointTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Connect_SendsSnapshotThenEvents()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();

        using var snapshot = JsonDocument.Parse(await ReceiveAsync(client));
        Assert.That(snapshot.RootElement.GetProperty("type").GetString(), Is.EqualTo("snapshot"));

        server.Hub.Publish(new MeshEvent(MeshEventTypes.MemberFailed, "spoke-2", "dead", DateTimeOffset.UnixEpoch));
        using var message = JsonDocument.Parse(await ReceiveAsync(client));

        Assert.That(message.RootElement.GetProperty("type").GetString(), Is.EqualTo("member_failed"));
        Assert.That(message.RootElement.GetProperty("subject").GetString(), Is.EqualTo("spoke-2"));
        Assert.That(message.RootElement.GetProperty("detail").GetString(), Is.EqualTo("dead"));
    }

    [Test]
    public async Task SlowClient_QueueOverflows_DroppedWithCloseReasonWithoutBlockingThePublisher()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();

        // The client reads nothing: the socket buffers fill, then its queue; Publish never waits for it.
        using var guard = new CancellationTokenSource(Guard);
        var published = 0;
        while (server.Hub.SubscriberCount > 0)
        {
            guard.Token.ThrowIfCancellationRequested();
            server.Hub.Publish(new MeshEvent(MeshEventTypes.PathChanged, $"node-{published++}", "established", DateTimeOffset.UnixEpoch));
        }

        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer, guard.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, guard.Token);

        Assert.That(published, Is.GreaterThan(EventHub.DefaultCapacity));
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
        Assert.That(client.CloseStatusDescription, Does.Contain("too slow"));
    }

    [Test]
    public async Task PlainGet_NotAWebSocket_BadRequest()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseAddress, EventsEndpoint.Path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket client)
    {
        using var guard = new CancellationTokenSource(Guard);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer, guard.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }

    internal static async Task<Server> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<EventHub>();
        var app = builder.Build();
        app.UseWebSockets();
        EventsEndpoint.Map(app);
        Web.ViewEndpoints.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Server(app, new Uri(address));
    }

    internal sealed class Server(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public EventHub Hub => app.Services.GetRequiredService<EventHub>();

        public async Task<ClientWebSocket> ConnectAsync()
        {
            var client = new ClientWebSocket();
            using var guard = new CancellationTokenSource(Guard);
            await client.ConnectAsync(new Uri($"ws://{BaseAddress.Authority}{EventsEndpoint.Path}"), guard.Token);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
