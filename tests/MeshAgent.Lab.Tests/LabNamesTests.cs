using MeshAgent.Lab;

namespace MeshAgent.Lab.Tests;

public sealed class LabNamesTests
{
    [Test]
    public void NewPrefix_Always_IsRecognisedAsPrefix()
    {
        for (var i = 0; i < 100; i++)
        {
            var prefix = LabNames.NewPrefix();
            Assert.That(LabNames.IsPrefix(prefix), Is.True, prefix);
        }
    }

    [TestCase("ma12")]
    [TestCase("xa1234")]
    [TestCase("MA1234")]
    [TestCase("ma1234-a")]
    public void IsPrefix_OtherShapes_False(string text) => Assert.That(LabNames.IsPrefix(text), Is.False);

    [TestCase("")]
    [TestCase("Upper")]
    [TestCase("toolongname")]
    [TestCase("a-b")]
    public void ValidateShortName_Bad_Throws(string name) =>
        Assert.That(() => LabNames.ValidateShortName(name), Throws.ArgumentException);

    [TestCase("0123456789abcdef")]
    [TestCase("a/b")]
    [TestCase("a b")]
    [TestCase("")]
    public void ValidateInterfaceName_Bad_Throws(string name) =>
        Assert.That(() => LabNames.ValidateInterfaceName(name), Throws.ArgumentException);

    [Test]
    public void ValidateInterfaceName_FifteenCharacters_Accepted() =>
        Assert.That(() => LabNames.ValidateInterfaceName("0123456789abcde"), Throws.Nothing);
}
