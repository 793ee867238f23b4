using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;

namespace MeshAgent.Daemon.Commands;

/// <summary>What executing an authentic, fresh command does on this node. A seam so the checks are tested apart from the daemon.</summary>
public interface ICommandEffects
{
    /// <summary>
    /// Acts on <paramref name="intent"/>; <paramref name="subject"/> is the record the command is about (isolate,
    /// release), resolved from the subject host id. Called at most once per counter, on the receive thread: must
    /// not block on a reconcile pass.
    /// </summary>
    void Apply(CommandIntent intent, NodeRecord? subject);
}
