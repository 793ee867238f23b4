namespace MeshAgent.Core.Clients;

/// <summary>What a device without the agent sends into its tunnel (<c>meshctl peer add --allowed-ips</c>).</summary>
public enum ClientRouting
{
    /// <summary>Only the mesh prefixes and the members' LAN subnets ("mesh").</summary>
    Mesh,

    /// <summary>Everything (0.0.0.0/0 and ::/0): the hub forwards and masquerades ("all").</summary>
    All,
}
