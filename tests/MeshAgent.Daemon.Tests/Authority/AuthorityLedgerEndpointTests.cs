using System.Net;
using MeshAgent.Core.Api;
using MeshAgent.Core.Authority;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Authority;

/// <summary>
/// Endpoint updates at the authority: only over the tunnel (to the hub's mesh address), only for the record of the
/// sender's mesh address, only reachable endpoints; an accepted update is a re-signed record with a higher serial.
/// </summary>
public sealed class AuthorityLedgerEndpointTests
{
    private const string SpokeKey = "43j4+2fo/dAtj/fWBrJZ28P0VkUmEbtPqOEawae83Hc=";
    private const string OtherKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly IPAddress HubMesh = IPAddress.Parse("10.10.11.1");

    private MeshAuthority _authority = null!;
    private ManualTimeProvider _clock = null!;
    private MeshState _mesh = null!;
    private AuthorityLedger _ledger = null!;
    private string _stateDirectory = null!;

    [SetUp]
    public void CreateLedgerWithTwoSpokes()
    {
        _stateDirectory = Path.Combine(Path.GetTempPath(), "meshagent-ledger-" + Guid.NewGuid().ToString("N"));
        _authority = MeshAuthority.Create();
        var hubPrivate = WireGuardKeys.GeneratePrivateKey();
        var hubPublic = WireGuardKeys.PublicKeyOf(hubPrivate);
        _clock = new ManualTimeProvider();
        var loaded = AgentConfigLoader.Parse($"""
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
            """, "test.yaml");
        Assert.That(loaded.IsValid, Is.True, string.Join("\n", loaded.Problems));
        var config = new ConfigStore("test.yaml", loaded.Config!, NullLogger<ConfigStore>.Instance);
        _mesh = new MeshState(new RecordBook(new RecordVerifier(_authority.PublicKey, _clock)), _stateDirectory, "hub1", hubPublic.ToBase64(), new MeshMetrics(() => null, () => []), NullLogger<MeshState>.Instance);
        _ledger = new AuthorityLedger(_authority, _mesh, config, _clock, NullLogger<AuthorityLedger>.Instance, sealedToken => SealedJoinToken.Open(sealedToken, hubPublic.Bytes, hubPrivate.Bytes));
        _ledger.EnsureSelf(hubPublic.ToBase64());
        _ledger.Admit(new AdmitRequest("spoke1", SpokeKey, null, "spoke", null, null));
        _ledger.Admit(new AdmitRequest("spoke2", OtherKey, null, "spoke", ["192.0.2.12:51820"], null));
    }

    [TearDown]
    public void RemoveState() => Directory.Delete(_stateDirectory, recursive: true);

    [Test]
    public void UpdateEndpoints_OverTunnelFromOwnAddress_RecordReSignedWithHigherSerial()
    {
        var before = _mesh.Book.Find("spoke1")!.Record;
        _clock.Advance(TimeSpan.FromMinutes(1));

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", ["100.128.0.2:51820"]), before.MeshIPv4, HubMesh);

        var after = _mesh.Book.Find("spoke1")!;
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("updated"), answer.Error);
            Assert.That(Convert.FromBase64String(answer.Record!), Is.EqualTo(after.Envelope));
            Assert.That(after.Record.Endpoints.Select(e => e.ToString()), Is.EqualTo(new[] { "100.128.0.2:51820" }));
            Assert.That(after.Record.Serial, Is.GreaterThan(before.Serial));
            Assert.That(after.Record with { Endpoints = before.Endpoints, Serial = before.Serial, IssuedAt = before.IssuedAt, ExpiresAt = before.ExpiresAt }, Is.EqualTo(before), "only the endpoints (and times, serial) change");
        });
    }

    [Test]
    public void UpdateEndpoints_WithKinds_KindsSignedIntoTheRecordAndKeptOnRenewal()
    {
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", ["192.0.2.249:51820"]) { Kinds = ["observed"] }, spoke1.MeshIPv4, HubMesh);
        _clock.Advance(AuthorityLedger.DefaultRecordTtl * 0.7);
        _ledger.RenewDue();

        var after = _mesh.Book.Find("spoke1")!.Record;
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("updated"), answer.Error);
            Assert.That(after.Serial, Is.GreaterThan(spoke1.Serial));
            Assert.That(after.KindOf(System.Net.IPEndPoint.Parse("192.0.2.249:51820")), Is.EqualTo(EndpointKind.Observed));
            Assert.That(after.ExpiresAt, Is.GreaterThan(_clock.GetUtcNow() + TimeSpan.FromDays(20)), "renewed");
        });
    }

    [TestCase("mapped,mapped")]
    [TestCase("guessed")]
    public void UpdateEndpoints_BadKinds_Refused(string kindList)
    {
        var kinds = kindList.Split(',');
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", ["192.0.2.249:51820"]) { Kinds = kinds }, spoke1.MeshIPv4, HubMesh);

        Assert.That(answer.Status, Is.EqualTo("refused"));
        Assert.That(answer.Error, Does.StartWith("kinds: "));
    }

    [Test]
    public void UpdateEndpoints_SameList_UnchangedWithoutReSigning()
    {
        var before = _mesh.Book.Find("spoke2")!;

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke2", ["192.0.2.12:51820"]), before.Record.MeshIPv4, HubMesh);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("unchanged"));
            Assert.That(_mesh.Book.Find("spoke2")!.Record.Serial, Is.EqualTo(before.Record.Serial));
        });
    }

    [Test]
    public void UpdateEndpoints_ForAnotherNodesName_Refused()
    {
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;

        // spoke1 (or anyone holding its tunnel) tries to move spoke2's traffic to itself.
        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke2", ["203.0.113.66:51820"]), spoke1.MeshIPv4, HubMesh);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("refused"));
            Assert.That(answer.Error, Does.Contain("belongs to spoke1"));
            Assert.That(_mesh.Book.Find("spoke2")!.Record.Endpoints.Select(e => e.ToString()), Is.EqualTo(new[] { "192.0.2.12:51820" }));
        });
    }

    [Test]
    public void UpdateEndpoints_NotThroughTheTunnel_Refused()
    {
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;

        // To the hub's underlay address: the source address proves nothing there.
        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", ["100.128.0.2:51820"]), spoke1.MeshIPv4, IPAddress.Parse("192.0.2.1"));

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("refused"));
            Assert.That(answer.Error, Does.Contain("through the tunnel to 10.10.11.1"));
            Assert.That(_mesh.Book.Find("spoke1")!.Record.Endpoints, Is.Empty);
        });
    }

    [TestCase("127.0.0.1:51820")]
    [TestCase("0.0.0.0:51820")]
    [TestCase("239.1.2.3:51820")]
    [TestCase("192.0.2.5:0")]
    [TestCase("not-an-endpoint")]
    public void UpdateEndpoints_UnreachableOrMalformedEndpoint_Refused(string endpoint)
    {
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", [endpoint]), spoke1.MeshIPv4, HubMesh);

        Assert.That(answer.Status, Is.EqualTo("refused"));
        Assert.That(_mesh.Book.Find("spoke1")!.Record.Endpoints, Is.Empty);
    }

    [Test]
    public void UpdateEndpoints_TooMany_Refused()
    {
        var spoke1 = _mesh.Book.Find("spoke1")!.Record;
        string[] five = ["192.0.2.20:1", "192.0.2.20:2", "192.0.2.20:3", "192.0.2.20:4", "192.0.2.20:5"];

        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke1", five), spoke1.MeshIPv4, HubMesh);

        Assert.That(answer.Error, Does.Contain("at most 4"));
    }

    [Test]
    public void UpdateEndpoints_FromAddressWithoutRecord_Refused()
    {
        var answer = _ledger.UpdateEndpoints(new EndpointUpdateRequest("spoke9", ["192.0.2.20:51820"]), IPAddress.Parse("10.10.11.99"), HubMesh);

        Assert.That(answer.Error, Does.Contain("no record holds this mesh address"));
    }
}
