using System.Globalization;
using System.Text.RegularExpressions;

namespace MeshAgent.Packaging.Tests;

/// <summary>
/// lintian on the .deb and rpmlint on the rpm: no errors and no warnings. A warning that cannot be fixed is
/// overridden with a one-line reason (packaging/deb/lintian-overrides, packaging/rpm/meshagent.rpmlintrc; Fedora's
/// settings that Debian's rpmlint lacks in packaging/rpm/rpmlint.toml).
/// </summary>
public sealed partial class LintTests
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(10);

    [Test]
    public async Task Lintian_OnDeb_NoErrorsNoWarnings()
    {
        ProcessRun.RequireTool("/usr/bin/lintian", "lintian");
        var packages = await BuiltPackages.GetAsync();
        var result = await ProcessRun.RunAsync("/usr/bin/lintian", ["--tag-display-limit", "0", packages.Deb], LintTimeout);
        var lines = result.Both.Split('\n');
        var errors = lines.Count(line => line.StartsWith("E: ", StringComparison.Ordinal));
        var warnings = lines.Count(line => line.StartsWith("W: ", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"lintian: {errors} errors, {warnings} warnings (exit {result.ExitCode})\n{result.Both}");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Zero);
            Assert.That(warnings, Is.Zero);
        });
    }

    [Test]
    public async Task Rpmlint_OnRpm_NoErrorsNoWarnings()
    {
        ProcessRun.RequireTool("/usr/bin/rpmlint", "rpmlint");
        var packages = await BuiltPackages.GetAsync();
        var filters = Path.Combine(RepositoryRoot.Path, "packaging", "rpm", "meshagent.rpmlintrc");
        var settings = Path.Combine(RepositoryRoot.Path, "packaging", "rpm", "rpmlint.toml");
        var result = await ProcessRun.RunAsync("/usr/bin/rpmlint", ["--config", settings, "--rpmlintrc", filters, packages.Rpm], LintTimeout);
        var summary = RpmlintSummary().Match(result.Both);
        TestContext.Out.WriteLine($"rpmlint (exit {result.ExitCode}):\n{result.Both}");
        Assert.That(summary.Success, Is.True, "no summary line from rpmlint");
        var errors = int.Parse(summary.Groups["errors"].Value, CultureInfo.InvariantCulture);
        var warnings = int.Parse(summary.Groups["warnings"].Value, CultureInfo.InvariantCulture);
        TestContext.Out.WriteLine($"rpmlint: {errors} errors, {warnings} warnings");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Zero);
            Assert.That(warnings, Is.Zero);
        });
    }

    // "1 packages and 0 specfiles checked; 0 errors, 0 warnings, 0 badness; has taken 0.2 s"
    [GeneratedRegex(@"(?<errors>\d+) errors, (?<warnings>\d+) warnings")]
    private static partial Regex RpmlintSummary();
}
