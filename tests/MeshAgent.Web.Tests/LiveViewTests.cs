using MeshAgent.Core.Api;
using MeshAgent.Daemon.Events;
using Microsoft.Playwright;

namespace MeshAgent.Web.Tests;

/// <summary>
/// The live view in Debian's chromium (software WebGL2), driven by Playwright's bundled driver. Screenshots go to
/// TestResults/web at the repository root.
/// </summary>
[Category("Browser")]
public class LiveViewTests
{
    private static MeshGraph Mesh(int spokes, string? failed = null) => new(
        "hub-1",
        [new GraphNode("hub-1", "hub", "10.99.0.1", "self"), .. Enumerable.Range(1, spokes).Select(i => new GraphNode($"spoke-{i}", "spoke", $"10.99.0.{i + 10}", $"spoke-{i}" == failed ? "dead" : "alive"))],
        [.. Enumerable.Range(1, spokes).Select(i => new GraphEdge("hub-1", $"spoke-{i}", "hub", null, 5))]);

    [Test]
    public async Task View_LiveMesh_DrawsJoinsFailuresAndDetailsWithoutReload()
    {
        if (!File.Exists(ViewPage.Chromium))
        {
            Assert.Ignore($"{ViewPage.Chromium} is not installed (Debian package chromium, .ci/packages.txt)");
        }

        await using var mesh = await FakeMesh.StartAsync(Mesh(3));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ViewPage.Chromium, Headless = true, Args = ViewPage.ChromiumFlags });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 700 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(mesh.Address.ToString());
        await page.WaitForFunctionAsync("() => window.meshView?.nodeCount() === 4", null, new() { Timeout = ViewPage.Guard });
        await page.WaitForFunctionAsync(ViewPage.LitPixels + " > 200", null, new() { Timeout = ViewPage.Guard });
        await ViewPage.Screenshot(page, "mesh-initial.png");

        mesh.Change(Mesh(4), new MeshEvent(MeshEventTypes.MemberJoined, "spoke-4", "spoke", DateTimeOffset.UtcNow));
        await page.WaitForFunctionAsync("() => window.meshView.nodeCount() === 5", null, new() { Timeout = ViewPage.Guard });

        mesh.Change(Mesh(4, failed: "spoke-2"), new MeshEvent(MeshEventTypes.MemberFailed, "spoke-2", "dead", DateTimeOffset.UtcNow));
        await page.WaitForFunctionAsync("() => window.meshView.state('spoke-2') === 'dead'", null, new() { Timeout = ViewPage.Guard });

        var details = await ViewPage.ClickUntilDetailsAsync(page, "spoke-3");
        await ViewPage.Screenshot(page, "mesh-details.png");

        Assert.That(details, Does.Contain("spoke-3").And.Contain("10.99.0.13"));
        Assert.That(errors, Is.Empty);
    }
}
