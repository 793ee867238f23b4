using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MeshAgent.Daemon.Web;

/// <summary>
/// The live 3D view: <c>/</c> and <c>/ui/{file}</c> from files embedded in the daemon (no CDN, nothing fetched
/// from elsewhere). Read-only; the page reads <c>/api/v1/graph</c> and <c>/api/v1/events</c>.
/// </summary>
public static class ViewEndpoints
{
    private const string ResourcePrefix = "view/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    /// <summary>Names of the embedded files.</summary>
    public static IReadOnlyCollection<string> Names => Files.Value.Keys;

    /// <summary>Maps the view.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", context => Serve(context, "index.html"));
        app.MapGet("/ui/{file}", context => Serve(context, context.Request.RouteValues["file"] as string ?? string.Empty));
    }

    private static Task Serve(HttpContext context, string name)
    {
        if (!Files.Value.TryGetValue(name, out var body) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = type;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
