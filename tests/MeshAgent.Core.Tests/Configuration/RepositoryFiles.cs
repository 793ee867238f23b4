namespace MeshAgent.Core.Tests.Configuration;

/// <summary>Finds files of the repository (configs/...) from the test's output directory.</summary>
internal static class RepositoryFiles
{
    public static string PathOf(string relative)
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {TestContext.CurrentContext.TestDirectory}");
    }

    /// <summary>
    /// agent.yaml with every disabled setting enabled: a line starting with one '#' (not '##') loses that '#'.
    /// </summary>
    public static string Uncomment(string yaml) =>
        string.Join('\n', yaml.Split('\n').Select(line => line.StartsWith('#') && !line.StartsWith("##", StringComparison.Ordinal) ? line[1..] : line));
}
