namespace MeshAgent.Gossip.Wire;

/// <summary>A member's state as carried in push-pull (memberlist <c>NodeStateType</c>; values are the wire protocol).</summary>
public enum NodeState
{
    /// <summary>Answers probes.</summary>
    Alive = 0,
    /// <summary>Missed a probe; may still refute.</summary>
    Suspect = 1,
    /// <summary>Declared failed.</summary>
    Dead = 2,
    /// <summary>Left on purpose.</summary>
    Left = 3,
}
