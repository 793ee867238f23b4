using MeshAgent.Core.Api;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Authority;

/// <summary>
/// Key rotation through the admission path: a member that proves its current key (<see cref="KeyRotationProof"/>)
/// gets its record re-issued for its next key — same name, role, address, endpoints and subnets, a higher serial —
/// which supersedes the old one everywhere by gossip. The old key is not revoked: the node stops using it, and a
/// revocation would only cut off its last packets.
/// </summary>
public sealed partial class AuthorityLedger
{
    /// <summary>Answers a rotation request from <paramref name="source"/>.</summary>
    public JoinResponse HandleRotation(RotateRequest request, string source)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] current, next, proof;
        try
        {
            current = Convert.FromBase64String(request.PublicKey);
            next = Convert.FromBase64String(request.NewPublicKey);
            proof = Convert.FromBase64String(request.Proof);
        }
        catch (FormatException)
        {
            return RotationRefused(request, source, "a key or the proof is not base64");
        }

        if (current.Length != 32 || next.Length != 32)
        {
            return RotationRefused(request, source, "WireGuard keys are 32 bytes");
        }

        var skew = Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - request.UnixSeconds);
        if (skew > KeyRotationProof.Skew.TotalSeconds)
        {
            return RotationRefused(request, source, $"the request's time is {skew} s off the authority's clock");
        }

        lock (_gate)
        {
            var held = _mesh.Book.Find(request.Name)?.Record;
            if (held is null || held.Role == NodeRole.Client)
            {
                return RotationRefused(request, source, $"no member is called {request.Name}");
            }

            if (held.WireGuardPublicKey == request.NewPublicKey)
            {
                // Asked again after an answer was lost: the record is already the one asked for.
                return Admitted(_mesh.Book.Find(request.Name)!);
            }

            if (held.WireGuardPublicKey != request.PublicKey)
            {
                return RotationRefused(request, source, "the current key is not the one in the member's record");
            }

            // The proof is checked before anything about the new key is revealed to the asker.
            if (!_authority.VerifiesRotation(current, request.Name, next, request.UnixSeconds, proof))
            {
                return RotationRefused(request, source, "the proof does not verify");
            }

            if (_mesh.Book.Verifier.Revocations.IsRevoked(request.NewPublicKey)
                || _mesh.Book.Records.Any(r => r.Record.WireGuardPublicKey == request.NewPublicKey))
            {
                return RotationRefused(request, source, "the new key is revoked or used by another member");
            }

            var issued = Issue(
                new AdmissionInput(held.Name, request.NewPublicKey, held.Role, held.Endpoints, held.Subnets, held.MeshIPv4) { ViaHubs = held.ViaHubs },
                held.ExpiresAt - held.IssuedAt);
            Log.Rotated(_logger, held.Name, source, issued.Record.Serial);
            return Admitted(issued);
        }
    }

    private JoinResponse RotationRefused(RotateRequest request, string source, string why)
    {
        Log.RotationRefused(_logger, request.Name, source, why);
        return Refused(why);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Re-issued the record of {Name} for its next key (asked from {Source}, serial {Serial})")]
        public static partial void Rotated(ILogger logger, string name, string source, ulong serial);

        [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Key rotation of {Name} from {Source} refused: {Reason}")]
        public static partial void RotationRefused(ILogger logger, string name, string source, string reason);
    }
}
