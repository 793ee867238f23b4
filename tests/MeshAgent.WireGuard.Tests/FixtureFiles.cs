namespace MeshAgent.WireGuard.Tests;

/// <summary>Reads files under Fixtures/ (captured from wg(8), wg-quick and wireguard-go; see Fixtures/README.md).</summary>
internal static class FixtureFiles
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name));

    public static string[] Lines(string name) => Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
