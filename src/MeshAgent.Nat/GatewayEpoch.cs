namespace MeshAgent.Nat;

/// <summary>Detects a gateway restart from its epoch (seconds since its mapping table started), as NAT-PMP and PCP report it.</summary>
public static class GatewayEpoch
{
    /// <summary>
    /// True when <paramref name="newEpoch"/>, seen at <paramref name="now"/>, went backwards relative to the
    /// <paramref name="previous"/> grant: the gateway lost its mappings and they must be made again. Per RFC 6886
    /// section 3.6 (and RFC 6887 section 8.5) the gateway's clock may run up to 1/8 slow, with 2 s of slack.
    /// </summary>
    public static bool IndicatesRestart(PortMapping previous, uint newEpoch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var elapsed = Math.Max(0, (now - previous.GrantedAt).TotalSeconds);
        var expected = previous.Epoch + (elapsed * 7 / 8);
        return newEpoch < expected - 2;
    }
}
