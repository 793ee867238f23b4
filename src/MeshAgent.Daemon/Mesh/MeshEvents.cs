using MeshAgent.Daemon.Reconciliation;

namespace MeshAgent.Daemon.Mesh;

/// <summary>Turns mesh changes (records, membership, paths) into reconcile requests.</summary>
public static class MeshEvents
{
    /// <summary>
    /// Connects <paramref name="mesh"/> to <paramref name="loop"/>. Every change is a debounced hint; the moment
    /// this node first holds its record is a pass that bypasses backoff, so a node that waited for admission
    /// converges at once instead of at its next retry.
    /// </summary>
    public static void Connect(MeshState? mesh, ReconcileLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (mesh is null)
        {
            return;
        }

        var admitted = mesh.Self is not null;
        mesh.Changed += reason =>
        {
            if (!admitted && mesh.Self is not null)
            {
                admitted = true;
                _ = loop.RequestPassAsync("admitted", bypassBackoff: true, CancellationToken.None);
                return;
            }

            loop.Trigger(reason);
        };
    }
}
