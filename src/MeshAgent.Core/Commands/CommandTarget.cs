using MeshAgent.Core.Records;

namespace MeshAgent.Core.Commands;

/// <summary>Which nodes a command addresses: the top two bits of the packet's first byte.</summary>
public enum TargetKind : byte
{
    /// <summary>Every node.</summary>
    All = 0,

    /// <summary>Every node of one <see cref="NodeRole"/>.</summary>
    Role = 1,

    /// <summary>One node.</summary>
    Node = 2,
}

/// <summary>
/// The target selector: a kind and one byte of value (the role for <see cref="TargetKind.Role"/>, the node's
/// 8-bit tag for <see cref="TargetKind.Node"/>, 0 for <see cref="TargetKind.All"/>). The selector is not what
/// keeps a command to its target — every packet carries a MAC under the target node's own key — it lets a node
/// refuse an authentic packet that was meant for a different selection (a confused or replayed sender).
/// </summary>
/// <param name="Kind">All, a role, or one node.</param>
/// <param name="Value">Role number, node tag, or 0.</param>
public readonly record struct CommandTarget(TargetKind Kind, byte Value)
{
    /// <summary>Every node.</summary>
    public static CommandTarget All => new(TargetKind.All, 0);

    /// <summary>Every node of <paramref name="role"/>.</summary>
    public static CommandTarget OfRole(NodeRole role) => new(TargetKind.Role, (byte)role);

    /// <summary>The node with <paramref name="hostId"/> (its tag is the low byte).</summary>
    public static CommandTarget OfNode(ushort hostId) => new(TargetKind.Node, NodeHostId.Tag(hostId));

    /// <summary>True when a node of <paramref name="role"/> with <paramref name="hostId"/> is selected.</summary>
    public bool Selects(NodeRole role, ushort hostId) => Kind switch
    {
        TargetKind.All => true,
        TargetKind.Role => Value == (byte)role,
        TargetKind.Node => Value == NodeHostId.Tag(hostId),
        _ => false,
    };

    /// <summary>"all", "role:hub", "node-tag:0x2a".</summary>
    public override string ToString() => Kind switch
    {
        TargetKind.All => "all",
        TargetKind.Role => Value == (byte)NodeRole.Hub ? "role:hub" : Value == (byte)NodeRole.Spoke ? "role:spoke" : $"role:{Value}",
        _ => $"node-tag:0x{Value:x2}",
    };
}
