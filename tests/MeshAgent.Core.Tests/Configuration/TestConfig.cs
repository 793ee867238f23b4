using MeshAgent.Core.Configuration;
using MeshAgent.Core.Configuration.Reading;

namespace MeshAgent.Core.Tests.Configuration;

/// <summary>Loads YAML text with a fixed host name and a fake file system.</summary>
internal static class TestConfig
{
    public const string HostName = "testhost";

    public static ConfigLoadResult Parse(string yaml, FakeFileStatusProbe? files = null) =>
        AgentConfigLoader.Parse(yaml, "agent.yaml", new ConfigEnvironment(HostName, files ?? new FakeFileStatusProbe()));

    /// <summary>Parses and asserts the config is valid, printing the problems otherwise.</summary>
    public static AgentConfig Valid(string yaml, FakeFileStatusProbe? files = null)
    {
        var result = Parse(yaml, files);
        Assert.That(result.Problems, Is.Empty, () => string.Join("\n", result.Problems));
        Assert.That(result.IsValid, Is.True);
        return result.Config!;
    }

    /// <summary>Parses and returns the problems as their printed lines.</summary>
    public static string[] Problems(string yaml, FakeFileStatusProbe? files = null)
    {
        var result = Parse(yaml, files);
        Assert.That(result.Config, Is.Null, "an invalid config must not be returned");
        Assert.That(result.IsValid, Is.False);
        return [.. result.Problems.Select(p => p.ToString())];
    }
}
