using MeshAgent.Daemon.Authority;
using Microsoft.Extensions.Hosting;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Keeps records fresh. On every node: drops records that expired. On the admin node: issues its own record at
/// start (before the first reconcile, so wg0 comes up in the first pass), and re-issues every record in its
/// last third of life, which gossip then spreads: no node's record ever lapses while the authority runs.
/// </summary>
public sealed class RecordUpkeepService(MeshState mesh, Lazy<NodeIdentity> identity, TimeProvider time, AuthorityLedger? ledger = null) : BackgroundService
{
    /// <summary>How often records are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ledger?.EnsureSelf(identity.Value.PublicKey.ToBase64());
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken);
            mesh.PruneExpired();
            if (ledger is not null)
            {
                ledger.EnsureSelf(identity.Value.PublicKey.ToBase64());
                ledger.RenewDue();
            }
        }
    }
}
