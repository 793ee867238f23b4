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
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Guard = 60_000;

    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    private static MeshGraph Mesh(int spokes, string? failed = null) => new(
        "hub-1",
        [new GraphNode("hub-1", "hub", "10.99.0.1", "self"), .. Enumerable.Range(1, spokes).Select(i => new GraphNode($"spoke-{i}", "spoke", $"10.99.0.{i + 10}", $"spoke-{i}" == failed ? "dead" : "alive"))],
        [.. Enumerable.Range(1, spokes).Select(i => new GraphEdge("hub-1", $"spoke-{i}", "hub", null, 5))]);

    [Test]
    public async Task View_LiveMesh_DrawsJoinsFailuresAndDetailsWithoutReload()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Ignore($"{Chromium} is not installed (Debian package chromium, .ci/packages.txt)");
        }

        await using var mesh = await FakeMesh.StartAsync(Mesh(3));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 700 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(mesh.Address.ToString());
        await page.WaitForFunctionAsync("() => window.meshView?.nodeCount() === 4", null, new() { Timeout = Guard });
        await page.WaitForFunctionAsync(LitPixels + " > 200", null, new() { Timeout = Guard });
        await Screenshot(page, "mesh-initial.png");

        mesh.Change(Mesh(4), new MeshEvent(MeshEventTypes.MemberJoined, "spoke-4", "spoke", DateTimeOffset.UtcNow));
        await page.WaitForFunctionAsync("() => window.meshView.nodeCount() === 5", null, new() { Timeout = Guard });

        mesh.Change(Mesh(4, failed: "spoke-2"), new MeshEvent(MeshEventTypes.MemberFailed, "spoke-2", "dead", DateTimeOffset.UtcNow));
        await page.WaitForFunctionAsync("() => window.meshView.state('spoke-2') === 'dead'", null, new() { Timeout = Guard });

        var details = await ClickUntilDetailsAsync(page, "spoke-3");
        await Screenshot(page, "mesh-details.png");

        Assert.That(details, Does.Contain("spoke-3").And.Contain("10.99.0.13"));
        Assert.That(errors, Is.Empty);
    }

    // Non-background pixels of the WebGL canvas (its drawing buffer is preserved, so it can be read back).
    private const string LitPixels = """
        (() => {
          const view = document.getElementById('view'), copy = document.createElement('canvas');
          copy.width = view.width; copy.height = view.height;
          const ctx = copy.getContext('2d');
          ctx.drawImage(view, 0, 0);
          const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
          let lit = 0;
          for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 16) + Math.abs(data[i + 1] - 19) + Math.abs(data[i + 2] - 26) > 30) lit++;
          return lit;
        })()
        """;

    // The layout keeps moving nodes a little: click where the node is now until the panel names it.
    private static async Task<string> ClickUntilDetailsAsync(IPage page, string name)
    {
        var panel = page.Locator("#details");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var position = await page.EvaluateAsync<float[]?>($"() => window.meshView.screenPosition('{name}')");
            if (position is { Length: 2 })
            {
                await page.Mouse.ClickAsync(position[0], position[1]);
                if (await panel.IsVisibleAsync() && (await panel.TextContentAsync() ?? string.Empty).StartsWith(name + "\n", StringComparison.Ordinal))
                {
                    return await panel.TextContentAsync() ?? string.Empty;
                }
            }

            await page.WaitForTimeoutAsync(100);
        }

        return await panel.TextContentAsync() ?? string.Empty;
    }

    private static async Task Screenshot(IPage page, string file)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "web");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, file) });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? TestContext.CurrentContext.TestDirectory;
    }
}
