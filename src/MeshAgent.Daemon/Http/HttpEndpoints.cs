using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Daemon.Reconciliation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Http;

/// <summary>
/// The daemon's HTTP surface: <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> on every
/// listener, and the local API (<c>/v1/...</c>) only on the unix socket, whose file mode is the access
/// control. Handlers are plain <see cref="RequestDelegate"/>s: no reflection-built binding at start-up.
/// </summary>
public static class HttpEndpoints
{
    /// <summary>Maps every endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health/live", Live);
        app.MapGet("/health/ready", Ready);
        app.MapGet("/metrics", Metrics);
        app.MapGet(ApiDefaults.StatusPath, Status);
    }

    private static Task Live(HttpContext context)
    {
        var healthy = context.RequestServices.GetRequiredService<ReconcileStatus>().IsLoopHealthy();
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(healthy ? "live\n" : "reconcile loop is not running or is stuck\n");
    }

    private static Task Ready(HttpContext context)
    {
        var readiness = context.RequestServices.GetRequiredService<ReconcileStatus>().Readiness();
        context.Response.StatusCode = readiness.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, readiness, ApiJsonContext.Default.Readiness, context.RequestAborted);
    }

    private static Task Metrics(HttpContext context)
    {
        var exporter = context.RequestServices.GetRequiredService<MetricsExporter>();
        context.Response.ContentType = MetricsExporter.ContentType;
        return exporter.WriteAsync(context.Response.Body, context.RequestAborted);
    }

    private static Task Status(HttpContext context)
    {
        // Kestrel gives TCP connections an IP address and unix-socket connections none.
        if (context.Connection.LocalIpAddress is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var status = context.RequestServices.GetRequiredService<StatusReport>().Create();
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, status, ApiJsonContext.Default.NodeStatus, context.RequestAborted);
    }
}
