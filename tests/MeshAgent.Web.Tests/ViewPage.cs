using Microsoft.Playwright;

namespace MeshAgent.Web.Tests;

/// <summary>What the browser tests share: Debian's chromium and its flags, and checks of the view's page.</summary>
internal static class ViewPage
{
    /// <summary>Debian's chromium; Playwright never downloads a browser here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Guard against a hang (ms), not a speed requirement.</summary>
    public const float Guard = 60_000;

    /// <summary>Software WebGL2 (SwiftShader through ANGLE), as in ../shared/LAB.md, and nothing fetched from outside.</summary>
    public static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    ];

    // Non-background pixels of the WebGL canvas (its drawing buffer is preserved, so it can be read back).
    public const string LitPixels = """
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
    public static async Task<string> ClickUntilDetailsAsync(IPage page, string name)
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

    public static async Task<string> Screenshot(IPage page, string file)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "web");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        await page.ScreenshotAsync(new() { Path = path });
        TestContext.Out.WriteLine($"screenshot: {path}");
        return path;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agent.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? TestContext.CurrentContext.TestDirectory;
    }
}
