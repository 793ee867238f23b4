namespace MeshAgent.Netlink.Generic;

/// <summary>A generic netlink family as the controller (nlctrl) reports it.</summary>
/// <param name="Name">Family name, e.g. "wireguard".</param>
/// <param name="Id">The message type to use for this family (assigned at module load).</param>
/// <param name="Version">The family's interface version.</param>
/// <param name="MulticastGroups">Multicast group ids by name.</param>
public sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version, IReadOnlyDictionary<string, uint> MulticastGroups);
