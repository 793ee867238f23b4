using MeshAgent.Core.Commands;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Commands;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Reconciliation;
using MeshAgent.Dnsmasq.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Hosting;

/// <summary>
/// Authority commands on a node of a signed mesh: the persisted command state (read by the desired state), the
/// listener on UDP 8090 and its checks, and on the admin node (authority.key_file) the sender behind
/// <c>POST /v1/commands</c>.
/// </summary>
public static class CommandServices
{
    /// <summary>Registers the command state, processor and listener; the sender too when <paramref name="authority"/> has a key file.</summary>
    public static void AddAuthorityCommands(this IServiceCollection services, AuthorityConfig authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var authorityKey = Convert.FromBase64String(authority.PublicKey);
        services.AddSingleton(sp => new CommandState(sp.GetRequiredService<ConfigStore>().Current.Node.StateDirectory));
        services.AddSingleton(sp => new CommandMetrics(() => sp.GetRequiredService<CommandState>().IsolatedKeys.Count));
        services.AddSingleton(sp =>
        {
            var stateDirectory = sp.GetRequiredService<ConfigStore>().Current.Node.StateDirectory;
            var identity = sp.GetRequiredService<Lazy<NodeIdentity>>().Value;
            var mesh = sp.GetRequiredService<MeshState>();
            var config = sp.GetRequiredService<ConfigStore>();
            var effects = new CommandEffects(
                sp.GetRequiredService<CommandState>(),
                () => identity.PublicKey.ToBase64(),
                reason => RequestPass(sp, reason),
                sp.GetService<DnsmasqSupervisor>() is { } dnsmasq ? () => RestartDnsmasqAsync(dnsmasq) : null,
                sp.GetService<GossipService>() is { } gossip ? () => gossip.StopAsync(CancellationToken.None) : null,
                sp.GetService<KeyRotationService>() is { } rotation ? () => rotation.RotateAsync("command rotate-key", CancellationToken.None) : null,
                sp.GetRequiredService<ILogger<CommandEffects>>());
            var key = new SelfCommandKey(identity, authorityKey);
            return new CommandProcessor(
                key.Current,
                PersistentReplayWindow.Open(stateDirectory, authorityKey),
                () => mesh.Self?.Record,
                () => mesh.Book.Records.Select(r => r.Record),
                config.Current.Mesh!.Prefix,
                effects,
                sp.GetRequiredService<CommandMetrics>(),
                sp.GetRequiredService<ILogger<CommandProcessor>>());
        });
        services.AddHostedService(sp =>
        {
            var mesh = sp.GetRequiredService<MeshState>();
            var config = sp.GetRequiredService<ConfigStore>();
            return new CommandListener(
                () => mesh.Self is { } own && config.Current.Mesh is { } meshConfig ? new CommandBinding(own.Record.MeshIPv4, meshConfig.Interface) : null,
                sp.GetRequiredService<CommandProcessor>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<CommandListener>>());
        });
        if (authority.KeyFile is { } keyFile)
        {
            services.AddSingleton(sp =>
            {
                var mesh = sp.GetRequiredService<MeshState>();
                return new CommandSender(
                    MeshAuthority.Load(keyFile),
                    CommandCounter.Open(sp.GetRequiredService<ConfigStore>().Current.Node.StateDirectory, authorityKey),
                    () => [.. mesh.Book.Records.Select(r => r.Record)],
                    () => mesh.Self?.Record,
                    sp.GetRequiredService<CommandProcessor>,
                    sp.GetRequiredService<CommandMetrics>(),
                    sp.GetRequiredService<ILogger<CommandSender>>());
            });
        }
    }

    /// <summary>An immediate pass, past any backoff: an isolation must not wait for a retry timer.</summary>
    private static void RequestPass(IServiceProvider services, string reason)
    {
        if (services.GetService<ReconcileLoop>() is not { } loop)
        {
            return;
        }

        // Completion is not awaited (the receive loop must not block); only a faulted pass is observed, by the loop's own logging.
        _ = loop.RequestPassAsync(reason, bypassBackoff: true, CancellationToken.None)
            .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static Task RestartDnsmasqAsync(DnsmasqSupervisor dnsmasq) =>
        (dnsmasq.Desired ?? dnsmasq.Loaded) is { } rendering
            ? dnsmasq.RestartAsync(rendering, CancellationToken.None)
            : throw new InvalidOperationException("dnsmasq is not running under this daemon");
}
