namespace MeshAgent.Cli.Doctor.Checks;

/// <summary>A spoke has completed a WireGuard handshake with some hub within the last 3 minutes (WireGuard rekeys every 2).</summary>
internal sealed class HubHandshakeCheck : IDoctorCheck
{
    /// <summary>WireGuard rejects a session after 180 s without rekeying; older means no working hub path.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public string Name => "hub-handshake";

    public DoctorResult Run(DoctorFacts facts)
    {
        if (facts.Peers is not { } peers)
        {
            return DoctorResult.Skipped(Name, "The daemon did not answer.");
        }

        var hubs = peers.Where(p => p.Path == "hub").ToList();
        if (hubs.Count == 0)
        {
            return facts.Status?.Mesh?.Role == "hub"
                ? DoctorResult.Skipped(Name, "This node is the only hub.")
                : DoctorResult.Fail(Name, "This node has no hub peer; check mesh.hubs in the config and that this node is admitted.");
        }

        var latest = hubs.Where(h => h.LatestHandshake is not null).OrderByDescending(h => h.LatestHandshake).FirstOrDefault();
        if (latest?.LatestHandshake is { } at && facts.Now - at <= Limit)
        {
            return DoctorResult.Ok(Name, $"Last handshake with {latest.Name} {(int)(facts.Now - at).TotalSeconds} s ago.");
        }

        var names = string.Join(", ", hubs.Select(h => h.Name));
        var when = latest?.LatestHandshake is { } last ? $"since {last:u}" : "ever";
        return DoctorResult.Fail(Name, $"No handshake with any hub ({names}) {when}; check that UDP reaches the hub's endpoint ({hubs[0].Endpoint ?? "unknown"}) and nothing drops it.");
    }
}
