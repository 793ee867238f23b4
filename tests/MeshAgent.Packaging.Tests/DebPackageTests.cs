using System.Text.RegularExpressions;

namespace MeshAgent.Packaging.Tests;

/// <summary>The .deb as dpkg sees it: its file list and metadata, and its binaries run from an extracted tree.</summary>
public sealed partial class DebPackageTests
{
    // A WireGuard key pair from wg(8) (wg genkey | wg pubkey), the independent reference for our X25519.
    private const string ReferencePrivateKey = "YHHe2mITjHYFv4ZJuZpX4/Ri4qUvdu7HrTqJm2PPdE0=";

    [Test]
    public async Task Contents_OfDeb_TreeInUsrLibSymlinksInUsrBinUnitConfigDocs()
    {
        var packages = await BuiltPackages.GetAsync();
        var listing = await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-c", packages.Deb);
        TestContext.Out.WriteLine(listing);
        var entries = DebEntries(listing);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Does.Contain("/usr/bin/meshagent -> ../lib/meshagent/meshagent"));
            Assert.That(entries, Does.Contain("/usr/bin/meshctl -> ../lib/meshagent/meshctl"));
            Assert.That(entries, Does.Contain("/usr/lib/meshagent/meshagent"));
            Assert.That(entries, Does.Contain("/usr/lib/meshagent/meshctl"));
            Assert.That(entries, Does.Contain("/usr/lib/meshagent/libsodium.so"));
            Assert.That(entries, Does.Contain("/lib/systemd/system/meshagent.service"));
            Assert.That(entries, Does.Contain("/etc/meshagent/agent.yaml"));
            Assert.That(entries, Does.Contain("/usr/lib/sysctl.d/60-meshagent.conf"));
            Assert.That(entries, Does.Contain("/usr/share/man/man8/meshagent.8.gz"));
            Assert.That(entries, Does.Contain("/usr/share/man/man8/meshctl.8.gz"));
            Assert.That(entries, Does.Contain("/usr/share/doc/meshagent/copyright"));
            Assert.That(entries, Does.Contain("/usr/share/doc/meshagent/changelog.gz"));
        });
    }

    [Test]
    public async Task Metadata_OfDeb_ConfigIsConffileServiceNotStartedDependenciesForBookworm()
    {
        var packages = await BuiltPackages.GetAsync();
        var conffiles = await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-I", packages.Deb, "conffiles");
        var postinst = string.Join('\n', (await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-I", packages.Deb, "postinst"))
            .Split('\n')
            .Where(line => !line.TrimStart().StartsWith('#')));
        var recommends = await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-f", packages.Deb, "Recommends");
        var suggests = await ProcessRun.CheckedAsync("/usr/bin/dpkg-deb", "-f", packages.Deb, "Suggests");

        Assert.Multiple(() =>
        {
            Assert.That(conffiles.Split('\n'), Does.Contain("/etc/meshagent/agent.yaml"));
            // Debian policy would start an enabled service; the mesh needs its config first, so postinst
            // neither enables nor starts it (only an upgrade restarts a running agent).
            Assert.That(postinst, Does.Not.Contain("enable"));
            Assert.That(postinst, Does.Not.Match(@"deb-systemd-invoke\s+start"));
            Assert.That(recommends, Does.Contain("wireguard-tools"));
            Assert.That(recommends, Does.Contain("dnsmasq-base"));
            Assert.That(suggests, Does.Contain("network-manager"));
        });
    }

    [Test]
    public async Task ExtractedBinaries_RunThroughUsrBinSymlinks_CryptoAndConfigCheckWork()
    {
        var packages = await BuiltPackages.GetAsync();
        var root = Directory.CreateTempSubdirectory("meshagent-deb-x-").FullName;
        try
        {
            await ProcessRun.CheckedAsync("/usr/bin/dpkg", "-x", packages.Deb, root);
            var meshctl = Path.Combine(root, "usr", "bin", "meshctl");
            var meshagent = Path.Combine(root, "usr", "bin", "meshagent");

            var pubkey = await ProcessRun.RunAsync(meshctl, ["wg", "pubkey"], TimeSpan.FromMinutes(2), input: ReferencePrivateKey + "\n");
            var genkey = await ProcessRun.RunAsync(meshctl, ["wg", "genkey"], TimeSpan.FromMinutes(2));
            var check = await ProcessRun.RunAsync(meshagent, ["config", "check", "--config", Path.Combine(root, "etc", "meshagent", "agent.yaml")], TimeSpan.FromMinutes(2));
            TestContext.Out.WriteLine($"meshctl wg pubkey: {pubkey.Both}meshctl wg genkey: {genkey.Both.Length} characters\nmeshagent config check: {check.Both}");

            var reference = await ReferencePublicKeyAsync();
            Assert.Multiple(() =>
            {
                Assert.That(pubkey.ExitCode, Is.Zero, pubkey.Both);
                Assert.That(pubkey.Output.Trim(), Is.EqualTo(reference));
                Assert.That(genkey.ExitCode, Is.Zero, genkey.Both);
                Assert.That(genkey.Output.Trim(), Does.Match("^[A-Za-z0-9+/]{43}=$"));
                Assert.That(check.ExitCode, Is.Zero, check.Both);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task ExecutableAlone_WithoutItsFolder_CryptoFails()
    {
        // The control for the test above: the layout matters. An executable copied to a folder without the
        // libsodium.so it was published with cannot do X25519 (the bug of the /usr/bin-only layout).
        var packages = await BuiltPackages.GetAsync();
        var root = Directory.CreateTempSubdirectory("meshagent-deb-alone-").FullName;
        try
        {
            await ProcessRun.CheckedAsync("/usr/bin/dpkg", "-x", packages.Deb, root);
            var alone = Path.Combine(root, "alone");
            Directory.CreateDirectory(alone);
            File.Copy(Path.Combine(root, "usr", "lib", "meshagent", "meshctl"), Path.Combine(alone, "meshctl"));
            var pubkey = await ProcessRun.RunAsync(Path.Combine(alone, "meshctl"), ["wg", "pubkey"], TimeSpan.FromMinutes(2), input: ReferencePrivateKey + "\n");
            TestContext.Out.WriteLine($"exit {pubkey.ExitCode}: {pubkey.Both}");

            Assert.That(pubkey.ExitCode, Is.Not.Zero);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>`dpkg-deb -c` lines as absolute paths, symlinks as "path -> target", folders left out.</summary>
    internal static List<string> DebEntries(string listing) =>
        [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('d'))
            .Select(line => DebPath().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)];

    private static async Task<string> ReferencePublicKeyAsync()
    {
        ProcessRun.RequireTool("/usr/bin/wg", "wireguard-tools");
        var result = await ProcessRun.RunAsync("/usr/bin/wg", ["pubkey"], TimeSpan.FromMinutes(1), input: ReferencePrivateKey + "\n");
        return result.Output.Trim();
    }

    // "-rwxr-xr-x root/root 123 2026-12-04 18:00 ./usr/bin/x" or "... ./usr/bin/x -> ../lib/x".
    [GeneratedRegex(@"^\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+\.(/.*)$")]
    private static partial Regex DebPath();
}
