using System.Globalization;
using MeshAgent.Lab;
using MeshAgent.Lab.Mesh;
using Microsoft.Playwright;

namespace MeshAgent.Web.Tests;

/// <summary>
/// The live view of a real lab mesh (the daemon with wireguard-go and gossip in network namespaces, see
/// MeshLab), opened on the hub's own listener by chromium running inside the hub's namespace: every node and
/// every path shows, a fifth host that joins appears and a killed one turns failed without a reload, a click
/// names a node and its address, and the console stays clean. Screenshots go to TestResults/web.
/// </summary>
[Category("Lab")]
[Category("Browser")]
[NonParallelizable]
public class LabMeshViewTests
{
    /// <summary>Guard for a mesh change to reach the page (gossip, then the event stream): against hangs only.</summary>
    private const float MeshGuard = 180_000;

    [Test]
    public async Task View_LabMesh_EveryNodeAndPath_JoinAppears_KillTurnsFailed_ClickShowsNameAndAddress()
    {
        var missing = LabRequirements.MissingTools(["wireguard-go", "wg", "ip", "nft", "dnsmasq"]);
        if (!LabRequirements.IsRoot || missing.Count > 0 || !File.Exists(ViewPage.Chromium))
        {
            var reason = !LabRequirements.IsRoot ? "not running as root" : missing.Count > 0 ? $"missing tools: {string.Join(", ", missing)}" : $"{ViewPage.Chromium} is not installed";
            if (LabRequirements.IsCi)
            {
                Assert.Fail($"CI must run the view of a lab mesh: {reason}");
            }

            Assert.Ignore($"This machine cannot run the view of a lab mesh: {reason}");
        }

        await using var lab = await LabNetwork.CreateAsync("webmesh");
        try
        {
            await RunAsync(lab);
        }
        catch
        {
            lab.KeepDirectory = true;
            TestContext.Out.WriteLine($"lab logs kept in {lab.Directory}");
            throw;
        }
    }

    private static async Task RunAsync(LabNetwork lab)
    {
        var mesh = new MeshLab(lab, Binary("meshagent"), Binary("meshctl"));
        var hub = await mesh.StartHubAsync();
        var spokes = new List<MeshLabNode>();
        for (var i = 1; i <= 3; i++)
        {
            spokes.Add(await mesh.AddSpokeAsync(string.Create(CultureInfo.InvariantCulture, $"spoke{i}")));
        }

        await mesh.WaitUntilAllKnowAsync([.. mesh.Nodes.Select(n => n.Name)], TimeSpan.FromSeconds(120));
        var address = (await mesh.MeshAddressesAsync(hub))["spoke1"];

        // Lab addresses live only inside the namespaces: the browser runs in the hub's, as an operator's would on the hub.
        var launcher = Path.Combine(lab.Directory, "chromium-in-hub.sh");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {hub.Host.Namespace} {ViewPage.Chromium} \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = launcher, Headless = true, Args = ViewPage.ChromiumFlags });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1024, Height = 700 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"http://{hub.Underlay}:9473/");
        // Four hosts: six pairs, each with a path (hub tunnels and direct spoke-to-spoke), from the gossiped reports.
        await page.WaitForFunctionAsync("() => window.meshView?.nodeCount() === 4 && window.meshView.edgeCount() === 6", null, new() { Timeout = MeshGuard, PollingInterval = 250 });
        await page.WaitForFunctionAsync(ViewPage.LitPixels + " > 200", null, new() { Timeout = ViewPage.Guard });
        await ViewPage.Screenshot(page, "lab-mesh-4-hosts.png");

        spokes.Add(await mesh.AddSpokeAsync("spoke4"));
        await page.WaitForFunctionAsync("() => window.meshView.nodeCount() === 5 && window.meshView.edgeCount() === 10", null, new() { Timeout = MeshGuard, PollingInterval = 250 });
        await ViewPage.Screenshot(page, "lab-mesh-5-hosts.png");

        await MeshLab.KillAsync(spokes[1]);
        await page.WaitForFunctionAsync("() => window.meshView.state('spoke2') === 'dead'", null, new() { Timeout = MeshGuard, PollingInterval = 250 });
        var details = await ViewPage.ClickUntilDetailsAsync(page, "spoke1");
        await ViewPage.Screenshot(page, "lab-mesh-spoke2-failed.png");

        Assert.Multiple(() =>
        {
            Assert.That(details, Does.StartWith("spoke1\n").And.Contain($"address {address}"));
            Assert.That(errors, Is.Empty, "console errors");
        });
    }

    private static string Binary(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        Assert.That(File.Exists(path), Is.True, $"{path} is missing: build the solution first");
        return path;
    }
}
