using MeshAgent.Core;
using System.Net;
using MeshAgent.Daemon.Diagnostics;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Http;
using MeshAgent.Daemon.Prometheus;
using MeshAgent.Daemon.Reconciliation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// <c>meshagent run</c>: validate the config (exit 78 before anything is bound), then host the reconcile
/// loop, the systemd contract, HTTP on <c>http.listen</c> and the local API on <c>http.api_socket</c> until
/// SIGTERM/SIGINT (exit 0). A start-up failure (address in use, another daemon on the socket) exits 1.
/// </summary>
public static class RunVerb
{
    /// <summary>Runs the daemon; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string configPath)
    {
        var config = ConfigGate.Load(configPath, Console.Error);
        if (config is null)
        {
            return ExitCodes.Config;
        }

        if (!IPEndPoint.TryParse(config.Http.Listen, out var listen))
        {
            await Console.Error.WriteLineAsync($"{configPath}: http.listen: '{config.Http.Listen}' is not an IP address and port");
            return ExitCodes.Config;
        }

        // The empty builder: no appsettings files, no file watchers, no HTTPS — start-up stays short.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "meshagent",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen);
            kestrel.ListenUnixSocket(config.Http.ApiSocket);
            if (MeshEndpoints.AdmissionEndpoint(config) is { } admission)
            {
                kestrel.Listen(admission);
            }
        });
        builder.Services.AddRoutingCore();
        DaemonLogging.Configure(builder.Logging, DaemonLogging.IsJournal());
        builder.Services.AddReconciliation(configPath, config);
        builder.Services.AddDaemon(config.Http.ApiSocket);
        Nat.NatServices.AddPortMapping(builder.Services, config);

        await using var app = builder.Build();
        app.UseWebSockets();
        HttpEndpoints.Map(app);
        MeshEndpoints.Map(app, MeshEndpoints.AdmissionEndpoint(config)?.Port);
        EventsEndpoint.Map(app);
        Web.ViewEndpoints.Map(app);
        // The collector must listen before the first measurement (zero-initialised counters at start).
        app.Services.GetRequiredService<MetricsExporter>();
        app.Services.GetRequiredService<ProcessMetrics>();
        var loop = app.Services.GetRequiredService<ReconcileLoop>();
        InactiveSections.Log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MeshAgent.Daemon.Configuration"), config);
        MeshEvents.Connect(app.Services.GetService<MeshState>(), loop);
        var publisher = app.Services.GetRequiredService<IMeshEventPublisher>();
        MeshStateEvents.Connect(app.Services.GetService<MeshState>(), publisher, TimeProvider.System);
        ReconcileEvents.Connect(app.Services.GetRequiredService<ReconcileStatus>(), publisher, TimeProvider.System);
        try
        {
            await app.RunAsync();
            // A loop that died stops the host too; that must not look like an orderly stop to systemd.
            if (loop.ExecuteTask is { IsFaulted: true } faulted)
            {
                await Console.Error.WriteLineAsync($"meshagent: reconcile loop failed: {faulted.Exception?.GetBaseException().Message}");
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        }
#pragma warning disable CA1031 // Top level: any start-up failure becomes one clear line and exit 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"meshagent: cannot run: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
