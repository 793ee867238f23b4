using MeshAgent.Lab;

namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>Ignores a test when an external tool is missing, except under CI=true where it fails (as the lab does).</summary>
internal static class ToolRequirement
{
    public static string Require(string tool, string package)
    {
        var path = LabRequirements.FindTool(tool);
        if (path is not null)
        {
            return path;
        }

        var reason = $"{tool} is missing (apt-get install {package})";
        if (LabRequirements.IsCi)
        {
            Assert.Fail("CI must provide it: " + reason);
        }

        Assert.Ignore(reason);
        return string.Empty;
    }
}
