using System.Net;

namespace MeshAgent.Nat;

/// <summary>What a gateway said about itself between renewals.</summary>
/// <param name="ExternalAddress">Its external address, when the protocol reports it there (NAT-PMP, UPnP).</param>
/// <param name="Epoch">Its seconds since epoch, when the protocol has one (NAT-PMP, PCP); going backwards means it restarted.</param>
public sealed record GatewayObservation(IPAddress? ExternalAddress, uint? Epoch);
