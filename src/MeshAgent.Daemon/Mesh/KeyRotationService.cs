using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
using MeshAgent.Daemon.Hosting;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Mesh;

/// <summary>
/// Rotates this node's WireGuard key — on the rotate-key command, and every <c>mesh.key_rotation</c> when set. A new
/// key pair is made; the authority re-signs the node's record for it (on the admin node the ledger directly,
/// elsewhere through a hub's admission listener with a <see cref="KeyRotationProof"/> made with the current key);
/// only a record that verifies and names the new key makes the node switch. The switch is make-before-break as far
/// as WireGuard allows: a tunnel address belongs to one peer key at a time, so both ends must switch, and they do
/// so at the moment the new record exists — the authority's node when it signs, this node when the answer comes,
/// every other node when gossip brings the record (its next reconcile pass replaces the peer's key in place,
/// AllowedIPs and endpoint unchanged). The old key is never revoked: nothing can use it once the record moved on.
/// </summary>
public sealed partial class KeyRotationService(
    ConfigStore config,
    MeshState mesh,
    Lazy<NodeIdentity> identity,
    TimeProvider time,
    ILogger<KeyRotationService> logger,
    AuthorityLedger? ledger = null) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Rotations done since start.</summary>
    public int Rotations { get; private set; }

    /// <summary>Rotates the key now; returns the new public key.</summary>
    /// <exception cref="InvalidOperationException">This node has no record yet, or no hub re-signed it (the reasons in the message).</exception>
    public async Task<string> RotateAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var own = mesh.Self?.Record ?? throw new InvalidOperationException("this node has no signed record yet: nothing to rotate");
            if (own.Role == NodeRole.Hub)
            {
                // Spokes name their hubs by key in mesh.hubs and seal join tokens to it: a new hub key needs new configs.
                throw new InvalidOperationException("this node is a hub: its key is in every node's mesh.hubs, so it is not rotated automatically");
            }

            var current = identity.Value;
            var next = WireGuardKeys.GeneratePrivateKey();
            var nextPublic = WireGuardKeys.PublicKeyOf(next).ToBase64();
            if (ledger is not null)
            {
                // The authority's own node: switch, then sign; the ledger publishes the record to gossip.
                current.Rotate(next);
                ledger.EnsureSelf(nextPublic);
            }
            else
            {
                var envelope = await AskHubsAsync(own, current, next, nextPublic, cancellationToken);
                current.Rotate(next);
                mesh.Offer([envelope], "key rotation");
            }

            Rotations++;
            Log.Rotated(logger, reason, nextPublic);
            return nextPublic;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = config.Current.Mesh?.KeyRotation;
            if (interval is { } every && mesh.Self is not null && identity.Value.KeyWrittenAt is { } written && time.GetUtcNow() - written >= every)
            {
                try
                {
                    await RotateAsync("mesh.key_rotation", stoppingToken);
                }
                catch (InvalidOperationException e)
                {
                    Log.Failed(logger, "mesh.key_rotation", e.Message);
                }
            }

            // Checked often enough that a rotation is at most a small fraction of the interval late.
            var pause = interval is { } period ? TimeSpan.FromTicks(Math.Clamp(period.Ticks / 100, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour)) : TimeSpan.FromMinutes(1);
            await Task.Delay(pause, time, stoppingToken);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private async Task<byte[]> AskHubsAsync(NodeRecord own, NodeIdentity current, WireGuardKey next, string nextPublic, CancellationToken cancellationToken)
    {
        var authorityKey = Convert.FromBase64String(config.Current.Authority!.PublicKey);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var proof = KeyRotationProof.Make(current.PrivateKey.Bytes, current.PublicKey.Bytes, authorityKey, own.Name, WireGuardKeys.PublicKeyOf(next).Bytes, now);
        var request = new RotateRequest(own.Name, current.PublicKey.ToBase64(), nextPublic, now, Convert.ToBase64String(proof));
        var problems = new List<string>();
        using var client = new JoinClient();
        foreach (var hub in config.Current.Mesh!.Hubs)
        {
            if (hub.Endpoint is not IPEndPoint endpoint)
            {
                continue;
            }

            try
            {
                var answer = await client.AskRotateAsync(endpoint, request, cancellationToken);
                if (answer is not { Status: "admitted", Record: { } record })
                {
                    problems.Add($"{hub.Name} refused: {answer.Error}");
                    continue;
                }

                var envelope = Convert.FromBase64String(record);
                var verified = mesh.Book.Verifier.Verify(envelope);
                if (verified is { IsValid: true, Record: { } signed } && signed.Name == own.Name && signed.WireGuardPublicKey == nextPublic)
                {
                    return envelope;
                }

                problems.Add($"{hub.Name} sent a record that is not this node's for its new key ({verified.Status})");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException or System.Text.Json.JsonException)
            {
                problems.Add($"{hub.Name} ({endpoint}) did not answer: {e.Message}");
            }
        }

        throw new InvalidOperationException(problems.Count == 0 ? "no hub with an IP endpoint in mesh.hubs to ask" : string.Join("; ", problems));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1610, Level = LogLevel.Information, Message = "Rotated the WireGuard key ({Trigger}); new public key {Peer}")]
        public static partial void Rotated(ILogger logger, string trigger, string peer);

        [LoggerMessage(EventId = 1611, Level = LogLevel.Error, Message = "Key rotation ({Trigger}) failed: {Reason}")]
        public static partial void Failed(ILogger logger, string trigger, string reason);
    }
}
