namespace MeshAgent.Lab;

/// <summary>
/// Where the lab finds the programs it starts (meshagent, meshctl). By default the JIT build copied next to
/// the tests; with <c>MESHAGENT_TEST_BINARIES</c> set, that directory, so CI runs the same lab tests against
/// the NativeAOT binaries the packages ship (tests/run.sh publishes them there).
/// </summary>
public static class ProgramsUnderTest
{
    /// <summary>The variable naming the directory of the programs under test.</summary>
    public const string DirectoryVariable = "MESHAGENT_TEST_BINARIES";

    /// <summary>The directory the programs are taken from.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory ? directory : AppContext.BaseDirectory;

    /// <summary>True when the programs are not the build next to the tests (e.g. the NativeAOT ones).</summary>
    public static bool AreExternal => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 };

    /// <summary>The full path of <paramref name="name"/>; throws when it is missing, naming what to do.</summary>
    public static string PathOf(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                AreExternal ? $"{path} is missing: {DirectoryVariable} names a directory without it" : $"{path} is missing: build the solution first",
                path);
        }

        return path;
    }
}
