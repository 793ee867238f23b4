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

        // One dictionary over the actual peers (index into actual.Peers) serves the lookups, the duplicate
        // check and the removals: a diff of 10,000 unchanged peers allocates little beyond it.
        var actualIndex = new Dictionary<WireGuardKey, int>(actual.Peers.Count);
        for (var i = 0; i < actual.Peers.Count; i++)
        {
            actualIndex[actual.Peers[i].PublicKey] = i;
        }

        var matched = new bool[actual.Peers.Count];
        var matchedCount = 0;
        HashSet<WireGuardKey>? added = null;
        var changes = new List<PeerConfig>();
        foreach (var want in desired.Peers)
        {
            if (!actualIndex.TryGetValue(want.PublicKey, out var index))
            {
                if (!(added ??= []).Add(want.PublicKey))
                {
                    throw new ArgumentException("The desired device lists a peer twice.", nameof(desired));
                }

                changes.Add(NewPeer(want));
                continue;
            }

            if (matched[index])
            {
                throw new ArgumentException("The desired device lists a peer twice.", nameof(desired));
            }

            matched[index] = true;
            matchedCount++;
            if (PeerChange(want, actual.Peers[index]) is { } change)
            {
                changes.Add(change);
            }
        }

        if (matchedCount < actual.Peers.Count)
        {
            // Removals first: they free allowed IPs that new or changed peers may take over.
            var removals = new List<PeerConfig>(actual.Peers.Count - matchedCount);
            for (var i = 0; i < actual.Peers.Count; i++)
            {
                // A key listed twice by the backend is matched once; its other entry is no removal.
                if (!matched[i] && !(actualIndex[actual.Peers[i].PublicKey] is var kept && kept != i && matched[kept]))
                {
                    removals.Add(new PeerConfig { PublicKey = actual.Peers[i].PublicKey, Remove = true });
                }
            }

            changes.InsertRange(0, removals);
        }

        return new DeviceConfig
        {
            PrivateKey = desiredPrivate == actualPrivate ? null : desiredPrivate,
            ListenPort = desired.ListenPort == actual.ListenPort ? null : desired.ListenPort,
            FirewallMark = desired.FirewallMark == actual.FirewallMark ? null : desired.FirewallMark,
            Peers = changes,
        };
    }

    /// <summary>
    /// The change for one peer alone, for a caller that knows which peer changed (e.g. one membership
    /// event) and need not walk every peer: null when <paramref name="actual"/> already matches, the whole
    /// peer when <paramref name="actual"/> is null (not on the device), otherwise only the changed fields,
    /// exactly as <see cref="Compute"/> would write it.
    /// </summary>
    public static PeerConfig? ComputePeer(WireGuardPeer desired, WireGuardPeer? actual)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (actual is null)
        {
            return NewPeer(desired);
        }

        if (actual.PublicKey != desired.PublicKey)
        {
            throw new ArgumentException("The two peers have different public keys.", nameof(actual));
        }

        return PeerChange(desired, actual);
    }

    /// <summary>True when <paramref name="config"/> would change nothing.</summary>
    public static bool IsEmpty(DeviceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.PrivateKey is null && config.ListenPort is null && config.FirewallMark is null && !config.ReplacePeers
            && config.Peers.Count == 0;
    }

    private static PeerConfig NewPeer(WireGuardPeer want) => new()
    {
        PublicKey = want.PublicKey,
        PresharedKey = want.PresharedKey is { IsZero: false } psk ? psk : null,
        Endpoint = want.Endpoint,
        PersistentKeepalive = want.PersistentKeepalive != TimeSpan.Zero ? want.PersistentKeepalive : null,
        ReplaceAllowedIPs = false,
        AllowedIPs = want.AllowedIPs,
    };

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
        // Fast paths without allocation: a diff over 10,000 peers runs this once per unchanged peer.
        if (a.Count == b.Count)
        {
            var inOrder = true;
            for (var i = 0; i < a.Count && inOrder; i++)
            {
                inOrder = a[i].Equals(b[i]);
            }

            if (inOrder)
            {
                return true;
            }

            if (a.Count <= SmallSet)
            {
                return ContainsAll(a, b) && ContainsAll(b, a);
            }
        }
        else
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

    private const int SmallSet = 16;

    private static bool ContainsAll(IReadOnlyList<System.Net.IPNetwork> set, IReadOnlyList<System.Net.IPNetwork> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var found = false;
            for (var j = 0; j < set.Count && !found; j++)
            {
                found = set[j].Equals(items[i]);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
