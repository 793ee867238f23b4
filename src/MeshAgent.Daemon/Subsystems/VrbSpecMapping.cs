using MeshAgent.Core.Configuration;
using MeshAgent.NetworkManager.Vrb;
using ConfigTarget = MeshAgent.Core.Configuration.ConnectivityTarget;
using ConfigTargetKind = MeshAgent.Core.Configuration.ConnectivityTargetKind;
using NmAddress = MeshAgent.NetworkManager.Vrb.InterfaceAddress;
using NmTarget = MeshAgent.NetworkManager.Vrb.ConnectivityTarget;

namespace MeshAgent.Daemon.Subsystems;

/// <summary>Maps the `vrb:` section onto the NetworkManager reconciler's <see cref="VrbSpec"/>.</summary>
public static class VrbSpecMapping
{
    /// <summary>The bridges NetworkManager should have; the mesh interface is kept unmanaged by NM.</summary>
    public static VrbSpec Map(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var vrb = config.Vrb ?? throw new ArgumentException("vrb is not configured", nameof(config));
        // Validation guarantees a manually addressed LAN bridge has its address; a LAN bridge without one is not ours to build.
        var lan = vrb.Lan is { Address: { } address } l
            ? new LanBridgeSpec(l.Bridge, new NmAddress(address.Address, address.PrefixLength), l.Stp, l.Ports)
            : null;
        var ext = vrb.Ext is { } e
            ? new ExtBridgeSpec(e.Bridge, e.Ports, Addressing(e.Addressing), e.Address is { } a ? new NmAddress(a.Address, a.PrefixLength) : null)
            : null;
        return new VrbSpec(lan, ext)
        {
            RollbackTimeout = vrb.RollbackTimeout,
            Connectivity = Target(vrb.ConnectivityTarget),
            UnmanagedInterfaces = config.Mesh is { } mesh ? [mesh.Interface] : [],
        };
    }

    private static ExtAddressing Addressing(BridgeAddressing addressing) => addressing switch
    {
        BridgeAddressing.Manual => ExtAddressing.Manual,
        BridgeAddressing.Auto => ExtAddressing.Auto,
        _ => ExtAddressing.None,
    };

    private static NmTarget Target(ConfigTarget target) => target.Kind switch
    {
        ConfigTargetKind.None => NmTarget.None,
        ConfigTargetKind.NetworkManager => NmTarget.NetworkManager,
        ConfigTargetKind.Address when target.Address is not null => NmTarget.Of(target.Address),
        _ => NmTarget.Gateway,
    };
}
