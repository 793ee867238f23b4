namespace MeshAgent.Packaging.Tests;

/// <summary>Removes what the run built (the packages' temporary folder) after the last test, also after failures.</summary>
[SetUpFixture]
public sealed class PackagingRun
{
    [OneTimeTearDown]
    public void RemoveBuild() => BuiltPackages.DeleteIfBuilt();
}
