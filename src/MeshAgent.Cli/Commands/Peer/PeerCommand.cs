using System.CommandLine;

namespace MeshAgent.Cli.Commands.Peer;

/// <summary><c>meshctl peer add|list|remove</c>: devices without the agent (phones, laptops with a stock WireGuard app).</summary>
internal static class PeerCommand
{
    public static Command Create() =>
        new("peer", "Devices without the agent: add one (wg-quick config and QR code), list, remove (admin node)")
        {
            PeerAddCommand.Create(),
            PeerListCommand.Create(),
            PeerRemoveCommand.Create(),
        };
}
