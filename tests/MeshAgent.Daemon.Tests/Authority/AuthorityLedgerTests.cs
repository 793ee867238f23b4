using MeshAgent.Core.Api;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Authority;

/// <summary>The admin node's ledger without any network: join with and without tokens, admit, revoke, renew.</summary>
public sealed class AuthorityLedgerTests
{
    private const string SpokeKey = "43j4+2fo/dAtj/fWBrJZ28P0VkUmEbtPqOEawae83Hc=";
    private const string OtherKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private MeshAuthority _authority = null!;
    private WireGuardKey _hubPrivate;
    private WireGuardKey _hubPublic;
    private ManualTimeProvider _clock = null!;
    private MeshState _mesh = null!;
    private AuthorityLedger _ledger = null!;
    private string _stateDirectory = null!;

    [SetUp]
    public void CreateLedger()
    {
        _stateDirectory = Path.Combine(Path.GetTempPath(), "meshagent-ledger-" + Guid.NewGuid().ToString("N"));
        _authority = MeshAuthority.Create();
        _hubPrivate = WireGuardKeys.GeneratePrivateKey();
        _hubPublic = WireGuardKeys.PublicKeyOf(_hubPrivate);
        _clock = new ManualTimeProvider();
        var yaml = $"""
            node:
              name: hub1
              state_dir: {_stateDirectory}
            mesh:
              prefix: 10.10.11.0/24
              address: 10.10.11.1/24
              role: hub
              endpoint: "192.0.2.1:51820"
            authority:
              public_key: "{_authority.PublicKeyBase64}"
            """;
        var loaded = AgentConfigLoader.Parse(yaml, "test.yaml");
        Assert.That(loaded.IsValid, Is.True, string.Join("\n", loaded.Problems));
        var config = new ConfigStore("test.yaml", loaded.Config!, NullLogger<ConfigStore>.Instance);
        var metrics = new MeshMetrics(() => null, () => []);
        _mesh = new MeshState(new RecordBook(new RecordVerifier(_authority.PublicKey, _clock)), _stateDirectory, "hub1", _hubPublic.ToBase64(), metrics, NullLogger<MeshState>.Instance);
        _ledger = new AuthorityLedger(_authority, _mesh, config, _clock, NullLogger<AuthorityLedger>.Instance, sealedToken => SealedJoinToken.Open(sealedToken, _hubPublic.Bytes, _hubPrivate.Bytes));
        _ledger.EnsureSelf(_hubPublic.ToBase64());
    }

    [TearDown]
    public void RemoveState() => Directory.Delete(_stateDirectory, recursive: true);

    [Test]
    public void EnsureSelf_IssuesOwnRecordFromConfig()
    {
        var self = _mesh.Self!.Record;

        Assert.Multiple(() =>
        {
            Assert.That(self.MeshIPv4.ToString(), Is.EqualTo("10.10.11.1"));
            Assert.That(self.Role, Is.EqualTo(NodeRole.Hub));
            Assert.That(self.Endpoints.Select(e => e.ToString()), Is.EqualTo(new[] { "192.0.2.1:51820" }));
        });
    }

    [Test]
    public void HandleJoin_ValidToken_AdmittedWithNextFreeAddressAndAllEnvelopes()
    {
        var token = _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token;

        var answer = _ledger.HandleJoin(Request("spoke1", SpokeKey, token), "192.0.2.11");

        var record = _mesh.Book.Find("spoke1")!.Record;
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("admitted"));
            Assert.That(Convert.FromBase64String(answer.Record!), Is.EqualTo(_mesh.Book.Find("spoke1")!.Envelope));
            Assert.That(answer.Envelopes, Has.Count.EqualTo(2), "the hub's and the spoke's records");
            Assert.That(record.MeshIPv4.ToString(), Is.EqualTo("10.10.11.2"), "10.10.11.1 is the hub's");
            Assert.That(record.Endpoints.Select(e => e.ToString()), Is.EqualTo(new[] { "192.0.2.11:51820" }));
        });
    }

    [Test]
    public void HandleJoin_TokenUsedTwice_SecondRefused()
    {
        var token = _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token;
        _ledger.HandleJoin(Request("spoke1", SpokeKey, token), "192.0.2.11");

        var second = _ledger.HandleJoin(Request("spoke2", OtherKey, token), "192.0.2.12");

        Assert.Multiple(() =>
        {
            Assert.That(second.Status, Is.EqualTo("refused"));
            Assert.That(second.Error, Does.Contain("already used"));
            Assert.That(_mesh.Book.Find("spoke2"), Is.Null);
        });
    }

    [Test]
    public void HandleJoin_ExpiredOrForeignToken_Refused()
    {
        var expired = _ledger.CreateToken(TimeSpan.FromMinutes(5), NodeRole.Spoke).Token;
        var foreign = JoinToken.Create(_clock.GetUtcNow().AddHours(1)).Seal(MeshAuthority.Create());
        _clock.Advance(TimeSpan.FromMinutes(6));

        var late = _ledger.HandleJoin(Request("spoke1", SpokeKey, expired), "192.0.2.11");
        var forged = _ledger.HandleJoin(Request("spoke1", SpokeKey, foreign), "192.0.2.11");

        Assert.Multiple(() =>
        {
            Assert.That(late.Status, Is.EqualTo("refused"));
            Assert.That(late.Error, Does.Contain("expired"));
            Assert.That(forged.Status, Is.EqualTo("refused"));
            Assert.That(forged.Error, Does.Contain("not signed by this mesh's authority"));
        });
    }

    [Test]
    public void HandleJoin_HubRoleWithSpokeToken_Refused()
    {
        var token = _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token;

        var answer = _ledger.HandleJoin(Request("hub2", SpokeKey, token) with { Role = "hub" }, "192.0.2.2");

        Assert.That(answer.Status, Is.EqualTo("refused"));
    }

    [Test]
    public void HandleJoin_WithoutToken_PendingUntilAdmitted()
    {
        var first = _ledger.HandleJoin(Request("spoke1", SpokeKey, token: null), "192.0.2.11");
        var pending = _ledger.Pending;
        var member = _ledger.Admit(new AdmitRequest("spoke1", null, null, null, null, null));
        var again = _ledger.HandleJoin(Request("spoke1", SpokeKey, token: null), "192.0.2.11");

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo("pending"));
            Assert.That(pending.Select(p => (p.Name, p.PublicKey, p.Source)), Is.EqualTo(new[] { ("spoke1", SpokeKey, "192.0.2.11") }));
            Assert.That(member.Record.WireGuardPublicKey, Is.EqualTo(SpokeKey), "the key came from the pending request");
            Assert.That(again.Status, Is.EqualTo("admitted"));
            Assert.That(_ledger.Pending, Is.Empty);
        });
    }

    [Test]
    public void HandleJoin_NameOfAnotherKey_Refused()
    {
        _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, null, null, null, null));

        var answer = _ledger.HandleJoin(Request("spoke1", OtherKey, _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token), "192.0.2.99");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("refused"));
            Assert.That(_mesh.Book.Find("spoke1")!.Record.WireGuardPublicKey, Is.EqualTo(SpokeKey));
        });
    }

    [Test]
    public void Admit_AddressTakenOrOutsidePrefix_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, "10.10.11.1", null, null, null)), Throws.TypeOf<AuthorityException>().With.Message.Contains("hub1"));
            Assert.That(() => _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, "10.20.0.1", null, null, null)), Throws.TypeOf<AuthorityException>().With.Message.Contains("outside"));
            Assert.That(() => _ledger.Admit(new AdmitRequest("bad name!", SpokeKey, null, null, null, null)), Throws.TypeOf<AuthorityException>());
            Assert.That(() => _ledger.Admit(new AdmitRequest("spoke1", "short", null, null, null, null)), Throws.TypeOf<AuthorityException>());
        });
    }

    [Test]
    public void Revoke_RecordLeavesTheBookAndTheKeyCannotRejoin()
    {
        _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, null, null, null, null));

        var list = _ledger.Revoke("spoke1");
        var rejoin = _ledger.HandleJoin(Request("spoke1", SpokeKey, _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token), "192.0.2.11");

        Assert.Multiple(() =>
        {
            Assert.That(list.RevokedKeys, Is.EqualTo(new[] { SpokeKey }));
            Assert.That(_mesh.Book.Find("spoke1"), Is.Null);
            Assert.That(rejoin.Status, Is.EqualTo("refused"));
            Assert.That(() => _ledger.Revoke("hub1"), Throws.TypeOf<AuthorityException>(), "the authority's own node");
        });
    }

    [Test]
    public void AddClient_SignsClientRecordNamingThisHub_AndAnswersWhatTheConfigNeeds()
    {
        _ledger.HandleJoin(Request("spoke1", SpokeKey, _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token), "192.0.2.11");

        var answer = _ledger.AddClient(new ClientRequest("phone", OtherKey, Hub: null, Address: null, TtlSeconds: null));

        var record = _mesh.Book.Find("phone")!.Record;
        Assert.Multiple(() =>
        {
            Assert.That(record.Role, Is.EqualTo(NodeRole.Client));
            Assert.That(record.ViaHubs, Is.EqualTo(new[] { "hub1" }));
            Assert.That(record.Endpoints, Is.Empty);
            Assert.That(answer.Address, Is.EqualTo(record.MeshIPv4.ToString()).And.Not.EqualTo("10.10.11.1").And.Not.EqualTo(_mesh.Book.Find("spoke1")!.Record.MeshIPv4.ToString()));
            Assert.That(answer.HubPublicKey, Is.EqualTo(_hubPublic.ToBase64()));
            Assert.That(answer.HubEndpoint, Is.EqualTo("192.0.2.1:51820"));
            Assert.That(answer.HubMeshAddress, Is.EqualTo("10.10.11.1"));
            Assert.That(answer.MeshPrefix, Is.EqualTo("10.10.11.0/24"));
            Assert.That(answer.KeepDirectory, Is.EqualTo(Path.Combine(_stateDirectory, "clients")));
            Assert.That(_ledger.Clients().Select(c => c.Name), Is.EqualTo(new[] { "phone" }));
        });
    }

    [Test]
    public void AddClient_NameOfASpokeOrUnknownHub_Refused()
    {
        _ledger.HandleJoin(Request("spoke1", SpokeKey, _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token), "192.0.2.11");

        Assert.Multiple(() =>
        {
            Assert.That(() => _ledger.AddClient(new ClientRequest("spoke1", OtherKey, null, null, null)), Throws.TypeOf<AuthorityException>().With.Message.Contains("taken"));
            Assert.That(() => _ledger.AddClient(new ClientRequest("phone", OtherKey, "hub9", null, null)), Throws.TypeOf<AuthorityException>().With.Message.Contains("no hub is called hub9"));
            Assert.That(_mesh.Book.Find("phone"), Is.Null, "nothing issued");
        });
    }

    [Test]
    public void RemoveClient_RevokesTheClient_RefusesSpokes()
    {
        _ledger.HandleJoin(Request("spoke1", SpokeKey, _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token), "192.0.2.11");
        _ledger.AddClient(new ClientRequest("phone", OtherKey, null, null, null));

        Assert.That(() => _ledger.RemoveClient("spoke1"), Throws.TypeOf<AuthorityException>());
        _ledger.RemoveClient("phone");

        Assert.Multiple(() =>
        {
            Assert.That(_mesh.Book.Find("phone"), Is.Null);
            Assert.That(_mesh.Book.Verifier.Revocations.IsRevoked(OtherKey), Is.True);
            Assert.That(_ledger.Clients(), Is.Empty);
            Assert.That(_mesh.Book.Find("spoke1"), Is.Not.Null);
        });
    }

    [Test]
    public void RenewDue_Client_KeepsItsHubs()
    {
        _ledger.AddClient(new ClientRequest("phone", OtherKey, null, null, TtlSeconds: 3 * 3600));
        _clock.Advance(TimeSpan.FromHours(2.5));

        _ledger.RenewDue();

        var record = _mesh.Book.Find("phone")!.Record;
        Assert.Multiple(() =>
        {
            Assert.That(record.IssuedAt, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(record.Role, Is.EqualTo(NodeRole.Client));
            Assert.That(record.ViaHubs, Is.EqualTo(new[] { "hub1" }));
        });
    }

    [Test]
    public void RenewDue_RecordsInLastThirdOfLife_ReissuedWithHigherSerial()
    {
        var member = _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, null, null, null, 30 * 86400));
        _clock.Advance(TimeSpan.FromDays(19));
        var early = _ledger.RenewDue();
        _clock.Advance(TimeSpan.FromDays(2));

        var due = _ledger.RenewDue();

        var renewed = _mesh.Book.Find("spoke1")!.Record;
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero, "19 of 30 days: not yet");
            Assert.That(due, Is.EqualTo(2), "the hub's own record and spoke1's");
            Assert.That(renewed.Serial, Is.GreaterThan(member.Record.Serial));
            Assert.That(renewed.ExpiresAt, Is.EqualTo(_clock.GetUtcNow().AddDays(30)));
            Assert.That(renewed.MeshIPv4, Is.EqualTo(member.Record.MeshIPv4), "same address");
        });
    }

    [Test]
    public void MeshState_PersistsRecords_ANewStateLoadsThem()
    {
        _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, null, null, null, null));

        var reloaded = new MeshState(new RecordBook(new RecordVerifier(_authority.PublicKey, _clock)), _stateDirectory, "spoke1", SpokeKey, new MeshMetrics(() => null, () => []), NullLogger<MeshState>.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(reloaded.Book.Records.Select(r => r.Record.Name), Is.EqualTo(new[] { "hub1", "spoke1" }));
            Assert.That(reloaded.Self?.Record.Name, Is.EqualTo("spoke1"));
        });
    }

    [Test]
    public void HandleJoin_TokenInClearOrSealedForAnotherHub_Refused()
    {
        var token = _ledger.CreateToken(TimeSpan.FromHours(1), NodeRole.Spoke).Token;
        var otherHub = WireGuardKeys.PublicKeyOf(WireGuardKeys.GeneratePrivateKey()).ToBase64();

        var clear = _ledger.HandleJoin(Request("spoke1", SpokeKey, token: null) with { Token = token }, "192.0.2.11");
        var elsewhere = _ledger.HandleJoin(Request("spoke1", SpokeKey, token: null) with { Token = SealedJoinToken.Seal(token, otherHub) }, "192.0.2.11");
        var sealedHere = _ledger.HandleJoin(Request("spoke1", SpokeKey, token), "192.0.2.11");

        Assert.Multiple(() =>
        {
            Assert.That(clear.Status, Is.EqualTo("refused"));
            Assert.That(clear.Error, Does.Contain("sealed"));
            Assert.That(elsewhere.Status, Is.EqualTo("refused"));
            Assert.That(sealedHere.Status, Is.EqualTo("admitted"), "the refusals did not use the token up");
        });
    }

    private JoinRequest Request(string name, string key, string? token) =>
        new(name, key, "spoke", name == "spoke1" ? ["192.0.2.11:51820"] : [], [], token is null ? null : SealedJoinToken.Seal(token, _hubPublic.ToBase64()));
}
