using MeshAgent.Core.Reconciliation;

namespace MeshAgent.Daemon.CommandLine;

/// <summary>
/// The reconcile trigger of <c>plan</c> and <c>apply --once</c>. There is no loop to run another pass, and the
/// verb's single pass reads the whole actual state anyway, so a subsystem's hint has nothing to add: it is dropped.
/// </summary>
internal sealed class OneShotTrigger : IReconcileTrigger
{
    /// <inheritdoc />
    public void Trigger(string reason)
    {
    }
}
