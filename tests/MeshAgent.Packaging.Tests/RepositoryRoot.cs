namespace MeshAgent.Packaging.Tests;

/// <summary>The clone the tests were built from: the nearest folder above the test binaries holding Agent.sln.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Agent.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Agent.sln above {TestContext.CurrentContext.TestDirectory}");
    });

    public static string Path => Found.Value;
}
