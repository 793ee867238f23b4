namespace MeshAgent.Packaging.Tests;

/// <summary>
/// The .deb and the .rpm, built once per test run by packaging/build.sh into a temporary folder (not into the
/// clone's artifacts/), shared by every test that needs them, removed when the run ends. With gzip -1 instead
/// of xz: the same files; xz of the two 120 MB executables alone takes minutes on a loaded machine.
/// </summary>
internal sealed class BuiltPackages
{
    // One NativeAOT publish of both commands (none when tests/run.sh's are given) and two archives: several
    // minutes from clean on a loaded 2-core machine; this only guards against a hang.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    private static readonly Lazy<Task<BuiltPackages>> Once = new(BuildAsync);

    private BuiltPackages(string directory, string deb, string rpm)
    {
        Directory = directory;
        Deb = deb;
        Rpm = rpm;
    }

    /// <summary>The folder holding both packages (and build.sh's work folder).</summary>
    public string Directory { get; }

    public string Deb { get; }

    public string Rpm { get; }

    private static string? BuiltIn { get; set; }

    /// <summary>Builds the packages at the first call; later calls get the same build.</summary>
    public static Task<BuiltPackages> GetAsync()
    {
        ProcessRun.RequireTool("/usr/bin/dpkg-deb", "dpkg");
        ProcessRun.RequireTool("/usr/bin/rpmbuild", "rpm");
        return Once.Value;
    }

    /// <summary>Removes the build folder, if this run made one.</summary>
    public static void DeleteIfBuilt()
    {
        if (BuiltIn is { } directory && System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<BuiltPackages> BuildAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"meshagent-packages-{Guid.NewGuid():N}"[..28]);
        BuiltIn = directory;
        var script = Path.Combine(RepositoryRoot.Path, "packaging", "build.sh");
        // In CI tests/run.sh has published the NativeAOT programs already (MESHAGENT_TEST_BINARIES): package
        // those, the binaries every other lab test ran, instead of publishing a second time.
        string[] arguments = Environment.GetEnvironmentVariable("MESHAGENT_TEST_BINARIES") is { Length: > 0 } prebuilt
            ? [script, "--out", directory, "--fast-compression", "--prebuilt", prebuilt]
            : [script, "--out", directory, "--fast-compression"];
        var result = await ProcessRun.RunAsync("/bin/bash", arguments, BuildTimeout, workingDirectory: RepositoryRoot.Path);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"packaging/build.sh exited {result.ExitCode}:\n{result.Both}");
        }

        var deb = System.IO.Directory.GetFiles(directory, "meshagent_*.deb").Single();
        var rpm = System.IO.Directory.GetFiles(directory, "meshagent-*.rpm").Single();
        await TestContext.Out.WriteLineAsync($"package sizes: {Path.GetFileName(deb)} {new FileInfo(deb).Length} bytes, {Path.GetFileName(rpm)} {new FileInfo(rpm).Length} bytes");
        return new BuiltPackages(directory, deb, rpm);
    }
}
