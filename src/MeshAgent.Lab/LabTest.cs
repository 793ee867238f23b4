using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace MeshAgent.Lab;

/// <summary>
/// Base fixture for lab tests: a fresh <see cref="Lab"/> per test, torn down after it whatever happened.
/// When the machine cannot run the lab the test is Ignored with the reason — except under CI=true,
/// where a missing prerequisite fails the test, because CI installs everything the lab needs.
/// After a failure the lab's logs are kept and their paths written to the test output.
/// </summary>
[Category("Lab")]
public abstract class LabTest
{
    private LabNetwork? _lab;

    /// <summary>The current test's lab.</summary>
    protected LabNetwork Lab => _lab ?? throw new InvalidOperationException("The lab exists only while a test runs.");

    /// <summary>Creates the lab for the test.</summary>
    [SetUp]
    public async Task CreateLabAsync()
    {
        try
        {
            _lab = await LabNetwork.CreateAsync(TestContext.CurrentContext.Test.Name);
        }
        catch (LabUnavailableException e)
        {
            CannotRun(e.Message);
        }
    }

    /// <summary>Tears the lab down; keeps and reports its logs when the test failed.</summary>
    [TearDown]
    public async Task DisposeLabAsync()
    {
        if (_lab is null)
        {
            return;
        }

        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        _lab.KeepDirectory = failed;
        if (failed)
        {
            foreach (var log in Directory.EnumerateFiles(_lab.Directory, "*.log", SearchOption.AllDirectories))
            {
                TestContext.Out.WriteLine($"lab log kept: {log}");
            }
        }

        await _lab.DisposeAsync();
        _lab = null;
    }

    /// <summary>Ignores (or under CI fails) the test when any of <paramref name="tools"/> is missing.</summary>
    protected static void RequireTools(params string[] tools)
    {
        var missing = LabRequirements.MissingTools(tools);
        if (missing.Count > 0)
        {
            CannotRun($"missing tools: {string.Join(", ", missing)}");
        }
    }

    /// <summary>Ignores the test with <paramref name="reason"/>, or fails it under CI.</summary>
    protected static void CannotRun(string reason)
    {
        if (LabRequirements.IsCi)
        {
            Assert.Fail($"CI must be able to run this lab test: {reason}");
        }

        Assert.Ignore($"This machine cannot run the lab test: {reason}");
    }
}
