using System.Net;
using MeshAgent.Daemon.Web;

namespace MeshAgent.Daemon.Tests.Events;

public class ViewEndpointsTests
{
    [Test]
    public async Task Root_ServesThePageThatLoadsTheModules()
    {
        await using var server = await EventsEndpointTests.StartAsync();
        using var http = new HttpClient();

        using var page = await http.GetAsync(server.BaseAddress);
        using var module = await http.GetAsync(new Uri(server.BaseAddress, "/ui/app.js"));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("/ui/app.js"));
        Assert.That(module.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await module.Content.ReadAsStringAsync(), Does.Contain("/api/v1/events"));
    }

    [Test]
    public async Task UnknownFile_NotFound()
    {
        await using var server = await EventsEndpointTests.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseAddress, "/ui/secret.yaml"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Embedded_EveryModuleTheViewImports()
    {
        Assert.That(ViewEndpoints.Names, Is.SupersetOf(new[] { "index.html", "app.js", "renderer.js", "camera.js", "math.js", "scene.js", "style-map.js", "layout.js", "layout-worker.js", "style.css", "bench.html", "bench.js" }));
    }
}
