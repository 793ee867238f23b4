using MeshAgent.Core.Configuration.Values;

namespace MeshAgent.Core.Tests.Configuration;

public sealed class IPTextTests
{
    [TestCase("10.10.11.1", true)]
    [TestCase("0.0.0.0", true)]
    [TestCase("fd00::1", true)]
    [TestCase("08.0.0.1", false, TestName = "TryParseAddress_LeadingZeroInvalidOctal_False")]
    [TestCase("010.0.0.1", false, TestName = "TryParseAddress_LeadingZeroOctal_FalseNotEight")]
    [TestCase("10.10.11", false)]
    [TestCase("256.1.1.1", false)]
    [TestCase("1.2.3.4.5", false)]
    public void TryParseAddress_Text_AcceptsOnlyUnambiguousAddresses(string text, bool expected)
    {
        Assert.That(IPText.TryParseAddress(text, out _), Is.EqualTo(expected));
    }
}
