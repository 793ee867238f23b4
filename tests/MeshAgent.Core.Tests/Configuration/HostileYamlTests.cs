using System.Text;

namespace MeshAgent.Core.Tests.Configuration;

/// <summary>Malformed or hostile YAML is reported, never thrown and never exhausts the stack or memory.</summary>
public sealed class HostileYamlTests
{
    [Test]
    public void Parse_DeepNesting_IsReportedNotAStackOverflow()
    {
        var yaml = "node: " + new string('[', 50_000) + new string(']', 50_000);

        var problems = TestConfig.Problems(yaml);

        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.Contain("nested deeper than 64 levels"));
    }

    [Test]
    public void Parse_AliasBomb_IsReportedOnceBesideTheUnknownKeys()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var problems = TestConfig.Problems(yaml.ToString());

        Assert.That(problems[0], Is.EqualTo("agent.yaml:1:1: the document expands to more than 100000 nodes (aliases?)"));
        Assert.That(problems.Skip(1), Has.All.Contains(": unknown key 'a"));
        Assert.That(problems, Has.Length.EqualTo(10));
    }

    [Test]
    public void Parse_AliasToUnknownAnchor_IsASyntaxError()
    {
        var problems = TestConfig.Problems("node: *nothing");

        Assert.That(problems, Has.Length.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("agent.yaml:1:7: YAML syntax error: "));
    }

    [Test]
    public void Parse_ComplexKey_IsReported()
    {
        var problems = TestConfig.Problems("? [a, b]\n: 1");

        Assert.That(problems, Is.EqualTo(ComplexKeyProblem));
    }

    [Test]
    public void Parse_NullBytesAndControlCharacters_AreReportedEscaped()
    {
        var problems = TestConfig.Problems("node: { name: \"a\\tb\" }");

        Assert.That(problems, Is.EqualTo(TabProblem));
    }

    private static readonly string[] ComplexKeyProblem = ["agent.yaml:1:3: a key must be a plain name, got a list"];

    private static readonly string[] TabProblem = ["agent.yaml:1:15: node.name: 'a\\tb' contains a tab; a DNS label has only letters, digits and '-'"];
}
