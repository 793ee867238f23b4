using System.Globalization;
using System.Text.Json;
using MeshAgent.Core.Api;
using Microsoft.Playwright;

namespace MeshAgent.Web.Tests;

/// <summary>
/// Frame and layout-step times of the view on synthetic graphs (/ui/bench.html: N nodes, 3N edges), measured in
/// the page with performance.now() in headless chromium with software GL. Printed, never asserted: the machine
/// is shared and loaded; the figures go into the closing note with the load average beside them.
/// </summary>
[Category("Browser")]
public class ViewBenchmarkTests
{
    private const float BenchGuard = 600_000;

    [TestCase(1_000)]
    [TestCase(10_000)]
    public async Task Bench_SyntheticGraph_PrintsFrameAndLayoutStepTimes(int nodes)
    {
        if (!File.Exists(ViewPage.Chromium))
        {
            Assert.Ignore($"{ViewPage.Chromium} is not installed (Debian package chromium, .ci/packages.txt)");
        }

        await using var mesh = await FakeMesh.StartAsync(new MeshGraph("none", [], []));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ViewPage.Chromium, Headless = true, Args = ViewPage.ChromiumFlags });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 700 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(mesh.Address, string.Create(CultureInfo.InvariantCulture, $"/ui/bench.html?nodes={nodes}&frames=30&steps=11")).ToString());
        await page.WaitForFunctionAsync("() => document.title === 'done'", null, new() { Timeout = BenchGuard, PollingInterval = 500 });
        var json = await page.Locator("#result").TextContentAsync() ?? "{}";
        await ViewPage.Screenshot(page, string.Create(CultureInfo.InvariantCulture, $"bench-{nodes}.png"));
        TestContext.Out.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        TestContext.Out.WriteLine(json);

        using var result = JsonDocument.Parse(json);
        var frame = result.RootElement.GetProperty("frameMs").GetProperty("median").GetDouble();
        var layout = result.RootElement.GetProperty("layoutStepMs").GetProperty("median").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(result.RootElement.GetProperty("nodes").GetInt32(), Is.EqualTo(nodes));
            Assert.That(frame, Is.GreaterThan(0), "a frame time was measured");
            Assert.That(layout, Is.GreaterThan(0), "a layout step time was measured");
        });
    }
}
