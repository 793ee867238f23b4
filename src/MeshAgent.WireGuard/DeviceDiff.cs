namespace MeshAgent.WireGuard;

/// <summary>
/// Computes the smallest <see cref="DeviceConfig"/> that turns an actual device into a desired one:
/// interface fields only when they differ, removed peers as <c>Remove</c>, new peers in full, changed
/// peers with only the changed fields (allowed IPs replaced only when the set differs), unchanged peers
/// not mentioned. Pure and thread-safe.
/// </summary>
/// <remarks>
/// WireGuard cannot clear a peer's endpoint, so a desired peer without endpoint keeps whatever endpoint
/// it has (as <c>wg syncconf</c> does). Counters and handshake times are ignored. Allowed-IP order is
/// not significant (backends report them in trie order).
/// </remarks>
public static class DeviceDiff
{
    /// <summary>The change from <paramref name="actual"/> to <paramref name="desired"/>; empty when equal.</summary>
    public static DeviceConfig Compute(WireGuardDevice desired, WireGuardDevice actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(actual);

        var desiredPrivate = desired.PrivateKey ?? default;
        var actualPrivate = actual.PrivateKey ?? default;
        var actualPeers = new Dictionary<WireGuardKey, WireGuardPeer>(actual.Peers.Count);
        foreach (var peer in actual.Peers)
        {
            actualPeers[peer.PublicKey] = peer;
        }

        var desiredKeys = new HashSet<WireGuardKey>(desired.Peers.Select(p => p.PublicKey));
        var changes = new List<PeerConfig>();

        // Removals first: they free allowed IPs that new or changed peers may take over.
        foreach (var peer in actual.Peers)
        {
            if (!desiredKeys.Contains(peer.PublicKey))
            {
                changes.Add(new PeerConfig { PublicKey = peer.PublicKey, Remove = true });
            }
        }

        var seen = new HashSet<WireGuardKey>();
        foreach (var want in desired.Peers)
        {
            if (!seen.Add(want.PublicKey))
            {
                throw new ArgumentException("The desired device lists a peer twice.", nameof(desired));
            }

            if (!actualPeers.TryGetValue(want.PublicKey, out var have))
            {
                changes.Add(new PeerConfig
                {
                    PublicKey = want.PublicKey,
                    PresharedKey = want.PresharedKey is { IsZero: false } psk ? psk : null,
                    Endpoint = want.Endpoint,
                    PersistentKeepalive = want.PersistentKeepalive != TimeSpan.Zero ? want.PersistentKeepalive : null,
                    ReplaceAllowedIPs = false,
                    AllowedIPs = want.AllowedIPs,
                });
                continue;
            }

            if (PeerChange(want, have) is { } change)
            {
                changes.Add(change);
            }
        }

        return new DeviceConfig
        {
            PrivateKey = desiredPrivate == actualPrivate ? null : desiredPrivate,
            ListenPort = desired.ListenPort == actual.ListenPort ? null : desired.ListenPort,
            FirewallMark = desired.FirewallMark == actual.FirewallMark ? null : desired.FirewallMark,
            Peers = changes,
        };
    }

    /// <summary>True when <paramref name="config"/> would change nothing.</summary>
    public static bool IsEmpty(DeviceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.PrivateKey is null && config.ListenPort is null && config.FirewallMark is null && !config.ReplacePeers
            && config.Peers.Count == 0;
    }

    private static PeerConfig? PeerChange(WireGuardPeer want, WireGuardPeer have)
    {
        var wantPsk = want.PresharedKey ?? default;
        var havePsk = have.PresharedKey ?? default;
        WireGuardKey? psk = wantPsk == havePsk ? null : wantPsk;
        var endpoint = want.Endpoint is { } e && !e.Equals(have.Endpoint) ? e : null;
        TimeSpan? keepalive = want.PersistentKeepalive == have.PersistentKeepalive ? null : want.PersistentKeepalive;
        var allowedChanged = !SameSet(want.AllowedIPs, have.AllowedIPs);
        if (psk is null && endpoint is null && keepalive is null && !allowedChanged)
        {
            return null;
        }

        return new PeerConfig
        {
            PublicKey = want.PublicKey,
            UpdateOnly = true,
            PresharedKey = psk,
            Endpoint = endpoint,
            PersistentKeepalive = keepalive,
            ReplaceAllowedIPs = allowedChanged,
            AllowedIPs = allowedChanged ? want.AllowedIPs : [],
        };
    }

    private static bool SameSet(IReadOnlyList<System.Net.IPNetwork> a, IReadOnlyList<System.Net.IPNetwork> b)
    {
        if (a.Count != b.Count)
        {
            var distinctA = a.Distinct().Count();
            var distinctB = b.Distinct().Count();
            if (distinctA != distinctB)
            {
                return false;
            }
        }

        return new HashSet<System.Net.IPNetwork>(a).SetEquals(b);
    }
}
