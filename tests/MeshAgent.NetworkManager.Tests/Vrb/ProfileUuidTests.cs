using MeshAgent.NetworkManager.Vrb;

namespace MeshAgent.NetworkManager.Tests.Vrb;

public sealed class ProfileUuidTests
{
    // Expected values from Python: uuid.uuid5(uuid.UUID("5c0e3f6a-8a51-4f5e-9d1c-2b7e6a4d9f10"), name).
    [TestCase("meshagent-br0", "d5eaf52d-b1b5-5dca-a621-45fa00e3bd7f")]
    [TestCase("meshagent-br0-port-eth1", "07d40980-fa1b-5b4d-a71d-5a9d24122eca")]
    public void For_KnownName_MatchesRfcVersion5(string name, string expected) =>
        Assert.That(ProfileUuid.For(name), Is.EqualTo(expected));

    [Test]
    public void For_DifferentNames_DifferentUuids() =>
        Assert.That(ProfileUuid.For("meshagent-br0"), Is.Not.EqualTo(ProfileUuid.For("meshagent-br1")));

    [Test]
    public void For_EmptyName_Throws() =>
        Assert.Throws<ArgumentException>(() => ProfileUuid.For(""));
}
