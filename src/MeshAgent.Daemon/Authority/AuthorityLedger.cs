using System.Collections.Concurrent;
using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Authority;

/// <summary>
/// The admin node's authority at work: issues and renews signed records (with collision-free mesh
/// addresses), answers join requests (token or pending list), admits by hand, revokes, and creates join
/// tokens. Everything it signs goes into <see cref="MeshState"/>, which persists it and gossip spreads it.
/// Used token ids are kept in the state directory, so a token admits once even across restarts. Thread-safe
/// (one lock; every operation is short).
/// </summary>
public sealed partial class AuthorityLedger
{
    /// <summary>Lifetime of a record when the admin does not say otherwise.</summary>
    public static readonly TimeSpan DefaultRecordTtl = TimeSpan.FromDays(30);

    private const string UsedTokensFile = "used-tokens";

    private readonly MeshAuthority _authority;
    private readonly MeshState _mesh;
    private readonly ConfigStore _config;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthorityLedger> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedTokens;
    private readonly string _usedTokensPath;
    private readonly Func<string, string?> _unsealToken;

    /// <summary>
    /// Creates the ledger; reads the used token ids from the state directory. <paramref name="unsealToken"/>
    /// opens a token sealed to this hub's WireGuard key (null when it cannot).
    /// </summary>
    public AuthorityLedger(MeshAuthority authority, MeshState mesh, ConfigStore config, TimeProvider time, ILogger<AuthorityLedger> logger, Func<string, string?> unsealToken)
    {
        _unsealToken = unsealToken;
        _authority = authority;
        _mesh = mesh;
        _config = config;
        _time = time;
        _logger = logger;
        _usedTokensPath = Path.Combine(config.Current.Node.StateDirectory, "authority", UsedTokensFile);
        _usedTokens = File.Exists(_usedTokensPath)
            ? new HashSet<string>(File.ReadAllLines(_usedTokensPath).Where(l => l.Length > 0), StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Join requests waiting for <c>meshctl admit</c>, oldest first.</summary>
    public IReadOnlyList<PendingRequest> Pending => [.. _pending.Values.OrderBy(p => p.FirstSeen)];

    /// <summary>Issues this node's own record when it has none, or when it is due for renewal or out of date with the config.</summary>
    public void EnsureSelf(string publicKey)
    {
        var current = _config.Current;
        var mesh = current.Mesh ?? throw new InvalidOperationException("The authority needs a mesh section.");
        var wanted = new AdmissionInput(
            current.Node.Name,
            publicKey,
            mesh.Role == MeshRole.Hub ? NodeRole.Hub : NodeRole.Spoke,
            mesh.Endpoint is IPEndPoint endpoint ? [endpoint] : [],
            current.Vrb?.Lan?.Address is { } lan ? [lan.Network] : [],
            mesh.Address?.Address);
        lock (_gate)
        {
            var held = _mesh.Self?.Record;
            if (held is null || NeedsRenewal(held) || !Matches(held, wanted))
            {
                Issue(wanted, DefaultRecordTtl);
            }
        }
    }

    /// <summary>Answers a join request from <paramref name="source"/>.</summary>
    public JoinResponse HandleJoin(JoinRequest request, string source)
    {
        ArgumentNullException.ThrowIfNull(request);
        AdmissionInput input;
        try
        {
            input = AdmissionInput.Parse(request.Name, request.PublicKey, request.Role, request.Endpoints, request.Subnets, address: null);
        }
        catch (AuthorityException e)
        {
            return Refused(e.Message);
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_mesh.Book.Verifier.Revocations.IsRevoked(input.PublicKey))
            {
                Log.JoinRefused(_logger, input.Name, source, "revoked key");
                return Refused("this key is revoked");
            }

            var held = _mesh.Book.Find(input.Name)?.Record;
            if (held is not null && held.WireGuardPublicKey != input.PublicKey)
            {
                Log.JoinRefused(_logger, input.Name, source, "name taken");
                return Refused($"the name {input.Name} belongs to another key; revoke it first (meshctl revoke {input.Name})");
            }

            if (held is { Role: NodeRole.Client })
            {
                Log.JoinRefused(_logger, input.Name, source, "name of a client");
                return Refused($"the name {input.Name} belongs to a device without the agent (meshctl peer remove {input.Name})");
            }

            if (held is not null)
            {
                // A known node asking again (restart, lost state dir): same record, refreshed when its facts changed.
                var again = input with { Role = held.Role, Address = held.MeshIPv4 };
                var record = Matches(held, again) && !NeedsRenewal(held) ? _mesh.Book.Find(input.Name)! : Issue(again, held.ExpiresAt - held.IssuedAt);
                return Admitted(record);
            }

            if (request.Token is null)
            {
                var pending = _pending.AddOrUpdate(
                    input.Name,
                    _ => new PendingRequest(input.Name, input.PublicKey, AdmissionInput.RoleText(input.Role), input.EndpointTexts, source, now, now),
                    (_, old) => old with { PublicKey = input.PublicKey, Role = AdmissionInput.RoleText(input.Role), Endpoints = input.EndpointTexts, Source = source, LastSeen = now });
                if (pending.FirstSeen == now)
                {
                    Log.Pending(_logger, input.Name, source);
                }

                return new JoinResponse("pending", null, [], $"waiting for the admin: meshctl admit {input.Name}");
            }

            // Tokens travel sealed to this hub's WireGuard key; a token in clear text may have been seen by others.
            if (_unsealToken(request.Token) is not { } tokenText)
            {
                Log.JoinRefused(_logger, input.Name, source, "token not sealed to this hub");
                return Refused("the token must be sealed to this hub's WireGuard public key (mesh.hubs[].public_key)");
            }

            var token = JoinToken.Verify(tokenText, _authority.PublicKey, now, out var error);
            if (token is null)
            {
                Log.JoinRefused(_logger, input.Name, source, error!);
                return Refused(error!);
            }

            if (_usedTokens.Contains(token.Id))
            {
                Log.JoinRefused(_logger, input.Name, source, "token already used");
                return Refused("this join token was already used");
            }

            if (input.Role == NodeRole.Hub && token.Role != NodeRole.Hub)
            {
                return Refused("this token admits spokes only; create one with meshctl token create --role hub");
            }

            MarkUsed(token.Id);
            var issued = Issue(input, DefaultRecordTtl);
            _pending.TryRemove(input.Name, out _);
            Log.Admitted(_logger, input, issued.Record.MeshIPv4, "token");
            return Admitted(issued);
        }
    }

    /// <summary>Admits a node by hand (from the request or its pending entry).</summary>
    /// <exception cref="AuthorityException">Unknown pending name, bad field, name or address taken.</exception>
    public SignedRecord Admit(AdmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            _pending.TryGetValue(request.Name, out var pending);
            var publicKey = request.PublicKey ?? pending?.PublicKey
                ?? throw new AuthorityException($"{request.Name} has no pending request; give its key with --pubkey");
            var input = AdmissionInput.Parse(
                request.Name,
                publicKey,
                request.Role ?? pending?.Role,
                request.Endpoints ?? pending?.Endpoints,
                subnets: null,
                request.Address);
            var held = _mesh.Book.Find(input.Name)?.Record;
            if (held is not null && held.WireGuardPublicKey != input.PublicKey)
            {
                throw new AuthorityException($"the name {input.Name} belongs to another key; revoke it first");
            }

            if (_mesh.Book.Verifier.Revocations.IsRevoked(input.PublicKey))
            {
                throw new AuthorityException("this key is revoked");
            }

            var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRecordTtl;
            var issued = Issue(input with { Address = input.Address ?? held?.MeshIPv4 }, ttl);
            _pending.TryRemove(input.Name, out _);
            Log.Admitted(_logger, input, issued.Record.MeshIPv4, "admin");
            return issued;
        }
    }

    /// <summary>Revokes the key of <paramref name="name"/>: a new signed revocation list, gossiped to everyone.</summary>
    /// <exception cref="AuthorityException">No such node, or it is this node.</exception>
    public RevocationList Revoke(string name)
    {
        lock (_gate)
        {
            var record = _mesh.Book.Find(name)?.Record ?? throw new AuthorityException($"no member is called {name}");
            if (name == _config.Current.Node.Name)
            {
                throw new AuthorityException("the authority's own node cannot be revoked");
            }

            var current = _mesh.Book.Verifier.Revocations;
            var list = new RevocationList(current.Serial + 1, _time.GetUtcNow(), [.. current.RevokedKeys.Append(record.WireGuardPublicKey).Distinct().Order(StringComparer.Ordinal)]);
            _mesh.Offer([_authority.Sign(list)], "authority");
            Log.Revoked(_logger, name, list.Serial);
            return list;
        }
    }

    /// <summary>Creates a join token valid for <paramref name="ttl"/>.</summary>
    public TokenResponse CreateToken(TimeSpan ttl, NodeRole role)
    {
        if (ttl <= TimeSpan.Zero || ttl > TimeSpan.FromDays(365))
        {
            throw new AuthorityException("ttl: between 1 second and 365 days");
        }

        var token = JoinToken.Create(_time.GetUtcNow() + ttl, role);
        Log.TokenCreated(_logger, role, token.ExpiresAt);
        return new TokenResponse(token.Seal(_authority), token.ExpiresAt);
    }

    /// <summary>Re-issues every record in its last third of life; returns how many.</summary>
    public int RenewDue()
    {
        lock (_gate)
        {
            var due = _mesh.Book.Records.Where(r => NeedsRenewal(r.Record)).ToList();
            foreach (var signed in due)
            {
                var record = signed.Record;
                Issue(
                    new AdmissionInput(record.Name, record.WireGuardPublicKey, record.Role, record.Endpoints, record.Subnets, record.MeshIPv4) { ViaHubs = record.ViaHubs, EndpointKinds = record.EndpointKinds },
                    record.ExpiresAt - record.IssuedAt);
            }

            return due.Count;
        }
    }

    private bool NeedsRenewal(NodeRecord record)
    {
        var lifetime = record.ExpiresAt - record.IssuedAt;
        return record.ExpiresAt - _time.GetUtcNow() < lifetime / 3;
    }

    private static bool Matches(NodeRecord held, AdmissionInput wanted) =>
        held.WireGuardPublicKey == wanted.PublicKey
        && held.Role == wanted.Role
        && held.Endpoints.SequenceEqual(wanted.Endpoints)
        && held.Subnets.SequenceEqual(wanted.Subnets)
        && held.ViaHubs.SequenceEqual(wanted.ViaHubs)
        && (wanted.Address is null || held.MeshIPv4.Equals(wanted.Address));

    /// <summary>Signs a record for <paramref name="input"/> with the next serial and a free address, and publishes it.</summary>
    private SignedRecord Issue(AdmissionInput input, TimeSpan ttl)
    {
        var mesh = _config.Current.Mesh!;
        var held = _mesh.Book.Find(input.Name)?.Record;
        var others = _mesh.Book.Records.Where(r => r.Record.Name != input.Name).Select(r => r.Record).ToList();
        var address = input.Address ?? held?.MeshIPv4 ?? MeshAddressAllocator.Allocate(mesh.Prefix, [.. Reserved(mesh, others)]);
        if (!mesh.Prefix.Contains(address))
        {
            throw new AuthorityException($"address: {address} is outside the mesh prefix {mesh.Prefix}");
        }

        if (others.FirstOrDefault(r => r.MeshIPv4.Equals(address)) is { } owner)
        {
            throw new AuthorityException($"address: {address} belongs to {owner.Name}");
        }

        IPAddress? v6 = held?.MeshIPv6;
        if (mesh.PrefixV6 is { } prefixV6 && v6 is null)
        {
            v6 = MeshAddressAllocator.Allocate(prefixV6, [.. others.Where(r => r.MeshIPv6 is not null).Select(r => r.MeshIPv6!)]);
        }

        var now = _time.GetUtcNow();
        var record = new NodeRecord
        {
            Name = input.Name,
            WireGuardPublicKey = input.PublicKey,
            MeshIPv4 = address,
            MeshIPv6 = v6,
            Role = input.Role,
            Endpoints = input.Endpoints,
            EndpointKinds = input.EndpointKinds.Any(k => k != EndpointKind.Configured) ? input.EndpointKinds : [],
            Subnets = input.Subnets,
            ViaHubs = input.ViaHubs,
            // Serials only grow, also across a reissue after the time went backwards.
            Serial = Math.Max((held?.Serial ?? 0) + 1, (ulong)now.ToUnixTimeSeconds()),
            IssuedAt = now,
            ExpiresAt = now + ttl,
        };
        var envelope = _authority.Sign(record);
        _mesh.Offer([envelope], "authority");
        return new SignedRecord(record, envelope);
    }

    /// <summary>Addresses no new node may get: every record's, and the hubs' and this node's from the config.</summary>
    private static IEnumerable<IPAddress> Reserved(MeshConfig mesh, List<NodeRecord> others)
    {
        foreach (var record in others)
        {
            yield return record.MeshIPv4;
        }

        foreach (var hub in mesh.Hubs)
        {
            yield return hub.Address;
        }

        if (mesh.Address is { } own)
        {
            yield return own.Address;
        }
    }

    private void MarkUsed(string tokenId)
    {
        _usedTokens.Add(tokenId);
        Directory.CreateDirectory(Path.GetDirectoryName(_usedTokensPath)!);
        File.AppendAllLines(_usedTokensPath, [tokenId]);
    }

    private JoinResponse Admitted(SignedRecord record) =>
        new("admitted", Convert.ToBase64String(record.Envelope), [.. _mesh.Book.Envelopes().Select(Convert.ToBase64String)], null);

    private static JoinResponse Refused(string why) => new("refused", null, [], why);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Admitted {Node} at {Address} ({How})")]
        public static partial void Admitted(ILogger logger, AdmissionInput node, IPAddress address, string how);

        [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Join request of {Name} from {Source} refused: {Reason}")]
        public static partial void JoinRefused(ILogger logger, string name, string source, string reason);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Join request of {Name} from {Source} waits for meshctl admit")]
        public static partial void Pending(ILogger logger, string name, string source);

        [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Revoked {Name} (revocation list serial {Serial})")]
        public static partial void Revoked(ILogger logger, string name, ulong serial);

        [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Join token created for a {Role}, valid until {ExpiresAt:u}")]
        public static partial void TokenCreated(ILogger logger, NodeRole role, DateTimeOffset expiresAt);
    }
}
