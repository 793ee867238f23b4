namespace MeshAgent.Core.Mesh;

/// <summary>The health of a direct path from this spoke to another member.</summary>
public enum DirectPathState
{
    /// <summary>Never tried: try it.</summary>
    Untried,

    /// <summary>Direct peer installed, waiting for a handshake.</summary>
    Trying,

    /// <summary>Handshakes complete: traffic goes direct.</summary>
    Established,

    /// <summary>No handshake in time: traffic goes through the hub until the retry.</summary>
    Failed,
}
