namespace MeshAgent.Packaging.Tests;

/// <summary>
/// What can be checked of the rpm without Fedora (no Fedora repository is reachable here): its file list against
/// the .deb's, its systemd scriptlets, and an `rpm -i --nodeps` into a scratch root.
/// </summary>
public sealed class RpmPackageTests
{
    [Test]
    public async Task FileList_OfRpm_EqualsDebsApartFromDistributionPaths()
    {
        var packages = await BuiltPackages.GetAsync();
        var deb = DebPackageTests.DebEntries(await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-c", packages.Deb))
            .Select(entry => entry.Split(" -> ")[0])
            .Select(DistributionNeutral)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var rpmFiles = await ProcessRun.CheckedAsync("/usr/bin/rpm", "-qp", "--queryformat", "[%{FILEMODES:perms} %{FILENAMES}\n]", packages.Rpm);
        var rpm = rpmFiles.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('d'))
            .Select(line => line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..])
            .Select(DistributionNeutral)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        TestContext.Out.WriteLine(rpmFiles);

        Assert.That(rpm, Is.EqualTo(deb));
    }

    [Test]
    public async Task Scripts_OfRpm_PresetOnInstallStopOnEraseRestartOnUpgrade()
    {
        var packages = await BuiltPackages.GetAsync();
        var scripts = await ProcessRun.CheckedAsync("/usr/bin/rpm", "-qp", "--scripts", packages.Rpm);
        TestContext.Out.WriteLine(scripts);
        var post = Scriptlet(scripts, "postinstall");
        var preun = Scriptlet(scripts, "preuninstall");
        var postun = Scriptlet(scripts, "postuninstall");

        Assert.Multiple(() =>
        {
            // Fedora: a first install applies the presets (Fedora's leave a third-party unit disabled), never
            // enables or starts it by itself; erase stops and disables; an upgrade restarts a running agent.
            Assert.That(post, Does.Contain("systemctl").And.Contain("preset").And.Contain("-eq 1"));
            Assert.That(post, Does.Not.Contain(" start").And.Not.Contain(" enable"));
            Assert.That(preun, Does.Contain("disable --now").And.Contain("-eq 0"));
            Assert.That(postun, Does.Contain("daemon-reload"));
            Assert.That(postun, Does.Contain("try-restart").And.Contain("-ge 1"));
        });
    }

    [Test]
    public async Task InstallIntoScratchRoot_NoDeps_PutsEveryFileWhereTheSpecSays()
    {
        var packages = await BuiltPackages.GetAsync();
        var root = Directory.CreateTempSubdirectory("meshagent-rpm-root-").FullName;
        try
        {
            await ProcessRun.CheckedAsync("/usr/bin/rpm", "--root", root, "--initdb");
            await ProcessRun.CheckedAsync("/usr/bin/rpm", "-i", "--nodeps", "--noscripts", "--root", root, packages.Rpm);
            var listed = (await ProcessRun.CheckedAsync("/usr/bin/rpm", "-qpl", packages.Rpm)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var missing = listed.Where(path => !Path.Exists(root + path) && new FileInfo(root + path).LinkTarget is null).ToList();
            var installed = await ProcessRun.CheckedAsync("/usr/bin/rpm", "--root", root, "-qa");
            var config = File.GetUnixFileMode(Path.Combine(root, "etc", "meshagent", "agent.yaml"));
            var pubkey = await ProcessRun.RunAsync(Path.Combine(root, "usr", "bin", "meshctl"), ["wg", "genkey"], TimeSpan.FromMinutes(2));

            Assert.Multiple(() =>
            {
                Assert.That(listed, Does.Contain("/usr/lib/systemd/system/meshagent.service"));
                Assert.That(listed, Does.Contain("/usr/share/licenses/meshagent/LICENSE"));
                Assert.That(listed, Does.Contain("/usr/lib/meshagent/libsodium.so"));
                Assert.That(missing, Is.Empty);
                Assert.That(installed, Does.StartWith("meshagent-"));
                Assert.That(config, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
                Assert.That(pubkey.ExitCode, Is.Zero, pubkey.Both);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// A packaged path with the distributions' differences taken out: Debian's unit dir /lib/systemd/system is
    /// Fedora's /usr/lib/systemd/system; documentation, licence and lint overrides follow each distribution's
    /// rules (copyright and changelog.gz in Debian, %license in Fedora) and are left out (null).
    /// </summary>
    private static string? DistributionNeutral(string path)
    {
        if (path.StartsWith("/usr/share/doc/", StringComparison.Ordinal)
            || path.StartsWith("/usr/share/licenses/", StringComparison.Ordinal)
            || path.StartsWith("/usr/share/lintian/", StringComparison.Ordinal))
        {
            return null;
        }

        return path.StartsWith("/lib/systemd/", StringComparison.Ordinal) ? "/usr" + path : path;
    }

    /// <summary>The body of one scriptlet from `rpm -qp --scripts` ("postinstall scriptlet (using /bin/sh):").</summary>
    private static string Scriptlet(string scripts, string name)
    {
        var start = scripts.IndexOf(name + " scriptlet", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no {name} scriptlet in:\n{scripts}");
        var next = scripts.IndexOf(" scriptlet (", start + name.Length + 10, StringComparison.Ordinal);
        var end = next < 0 ? scripts.Length : scripts.LastIndexOf('\n', next);
        return scripts[start..end];
    }
}
