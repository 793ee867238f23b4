using System.Net;
using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Http;
using MeshAgent.Daemon.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Web.Tests;

/// <summary>
/// The daemon's view, event stream and a graph the test changes, on Kestrel at 127.0.0.1, port 0: the page under
/// test is the embedded one, the events are the real endpoint's.
/// </summary>
internal sealed class FakeMesh : IAsyncDisposable
{
    private readonly WebApplication _app;
    private MeshGraph _graph;

    private FakeMesh(WebApplication app, MeshGraph graph, Uri address)
    {
        _app = app;
        _graph = graph;
        Address = address;
    }

    public Uri Address { get; }

    public MeshGraph Graph => Volatile.Read(ref _graph);

    public static async Task<FakeMesh> StartAsync(MeshGraph graph)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<EventHub>();
        var app = builder.Build();
        FakeMesh? mesh = null;
        app.UseWebSockets();
        EventsEndpoint.Map(app);
        ViewEndpoints.Map(app);
        app.MapGet("/api/v1/graph", context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return JsonSerializer.SerializeAsync(context.Response.Body, mesh!.Graph, ApiJsonContext.Default.MeshGraph);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        mesh = new FakeMesh(app, graph, new Uri(address));
        return mesh;
    }

    /// <summary>Replaces the graph and announces the change on the event stream.</summary>
    public void Change(MeshGraph graph, MeshEvent announcement)
    {
        Volatile.Write(ref _graph, graph);
        _app.Services.GetRequiredService<EventHub>().Publish(announcement);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
