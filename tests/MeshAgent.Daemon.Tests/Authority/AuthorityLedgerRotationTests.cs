using MeshAgent.Core.Api;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Configuration;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Tests.TestSupport;
using MeshAgent.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Authority;

/// <summary>Key rotation through the ledger: only the holder of the current key gets a record for a new one, at the same address.</summary>
public sealed class AuthorityLedgerRotationTests
{
    private MeshAuthority _authority = null!;
    private ManualTimeProvider _clock = null!;
    private MeshState _mesh = null!;
    private AuthorityLedger _ledger = null!;
    private string _stateDirectory = null!;
    private WireGuardKey _spokePrivate;
    private WireGuardKey _spokePublic;
    private WireGuardKey _nextPublic;
    private NodeRecord _before = null!;

    [SetUp]
    public void AdmitSpoke()
    {
        _stateDirectory = Path.Combine(Path.GetTempPath(), "meshagent-rotation-" + Guid.NewGuid().ToString("N"));
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
        _ledger = new AuthorityLedger(_authority, _mesh, config, _clock, NullLogger<AuthorityLedger>.Instance, _ => null);
        _ledger.EnsureSelf(hubPublic.ToBase64());
        _spokePrivate = WireGuardKeys.GeneratePrivateKey();
        _spokePublic = WireGuardKeys.PublicKeyOf(_spokePrivate);
        _nextPublic = WireGuardKeys.PublicKeyOf(WireGuardKeys.GeneratePrivateKey());
        _before = _ledger.Admit(new AdmitRequest("spoke1", _spokePublic.ToBase64(), null, null, ["192.0.2.11:51820"], null)).Record;
    }

    [TearDown]
    public void RemoveState() => Directory.Delete(_stateDirectory, recursive: true);

    [Test]
    public void HandleRotation_ProvenByTheCurrentKey_ReissuesForTheNewKeyAtTheSameAddress()
    {
        var answer = _ledger.HandleRotation(Request(_spokePrivate), "10.10.11.2");
        var after = _mesh.Book.Find("spoke1")!.Record;

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("admitted"), answer.Error);
            Assert.That(after.WireGuardPublicKey, Is.EqualTo(_nextPublic.ToBase64()));
            Assert.That(after.MeshIPv4, Is.EqualTo(_before.MeshIPv4));
            Assert.That(after.Endpoints, Is.EqualTo(_before.Endpoints));
            Assert.That(after.Serial, Is.GreaterThan(_before.Serial));
            Assert.That(_mesh.Book.Verifier.Revocations.IsRevoked(_spokePublic.ToBase64()), Is.False, "the old key is superseded, not revoked");
        });

        var again = _ledger.HandleRotation(Request(_spokePrivate), "10.10.11.2");
        Assert.That((again.Status, _mesh.Book.Find("spoke1")!.Record.Serial), Is.EqualTo(("admitted", after.Serial)), "a repeated request gets the same record");
    }

    [Test]
    public void HandleRotation_ProofOfAnotherKey_RefusedAndTheRecordStays()
    {
        var stranger = WireGuardKeys.GeneratePrivateKey();
        var forged = Request(stranger) with { PublicKey = _spokePublic.ToBase64() };

        var answer = _ledger.HandleRotation(forged, "192.0.2.99");

        Assert.That(answer.Status, Is.EqualTo("refused"));
        Assert.That(_mesh.Book.Find("spoke1")!.Record.WireGuardPublicKey, Is.EqualTo(_spokePublic.ToBase64()));
    }

    [Test]
    public void HandleRotation_ChangedField_Refused()
    {
        var request = Request(_spokePrivate);
        var otherKey = WireGuardKeys.PublicKeyOf(WireGuardKeys.GeneratePrivateKey()).ToBase64();

        Assert.Multiple(() =>
        {
            Assert.That(_ledger.HandleRotation(request with { NewPublicKey = otherKey }, "x").Status, Is.EqualTo("refused"));
            Assert.That(_ledger.HandleRotation(request with { UnixSeconds = request.UnixSeconds - 1 }, "x").Status, Is.EqualTo("refused"));
            Assert.That(_ledger.HandleRotation(request with { Proof = "not base64!" }, "x").Status, Is.EqualTo("refused"));
            Assert.That(_ledger.HandleRotation(request with { Name = "spoke9" }, "x").Status, Is.EqualTo("refused"));
        });
        Assert.That(_mesh.Book.Find("spoke1")!.Record.WireGuardPublicKey, Is.EqualTo(_spokePublic.ToBase64()));
    }

    [Test]
    public void HandleRotation_StaleRequest_Refused()
    {
        var request = Request(_spokePrivate);
        _clock.Advance(KeyRotationProof.Skew + TimeSpan.FromSeconds(1));

        var answer = _ledger.HandleRotation(request, "10.10.11.2");

        Assert.That(answer.Status, Is.EqualTo("refused"));
        Assert.That(answer.Error, Does.Contain("clock"));
    }

    private RotateRequest Request(WireGuardKey signer)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var proof = KeyRotationProof.Make(signer.Bytes, WireGuardKeys.PublicKeyOf(signer).Bytes, _authority.PublicKey, "spoke1", _nextPublic.Bytes, now);
        return new RotateRequest("spoke1", _spokePublic.ToBase64(), _nextPublic.ToBase64(), now, Convert.ToBase64String(proof));
    }
}
