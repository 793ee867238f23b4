using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MeshAgent.Core.Api;
using MeshAgent.Core.Records;
using MeshAgent.Daemon.Authority;
using MeshAgent.Daemon.Mesh;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Http;

/// <summary>
/// The mesh's HTTP resources. Read-only views (members, graph) are served on every listener under
/// <c>/api/v1/</c> and on the local socket under <c>/v1/</c>; the admin's verbs (pending, admit, revoke,
/// tokens, clients) and the peer list only on the local socket, whose file mode is the access control; join requests
/// only on the hub's admission listener. Nothing here ever contains a private key or a gossip key.
/// </summary>
public static class MeshEndpoints
{
    /// <summary>Prefix of the read-only resources on TCP listeners.</summary>
    public const string PublicPrefix = "/api";

    /// <summary>Maps every mesh endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app, int? admissionPort)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(PublicPrefix + "/v1/nodes", context => Write(context, View(context)?.Members() ?? [], ApiJsonContext.Default.IReadOnlyListMemberInfo));
        app.MapGet(PublicPrefix + "/v1/nodes/{name}", Node);
        app.MapGet(PublicPrefix + ApiDefaults.GraphPath, Graph);
        app.MapGet(ApiDefaults.MembersPath, context => LocalOnly(context, () => Write(context, View(context)?.Members() ?? [], ApiJsonContext.Default.IReadOnlyListMemberInfo)));
        app.MapGet(ApiDefaults.GraphPath, context => LocalOnly(context, () => Graph(context)));
        app.MapGet(ApiDefaults.PeersPath, context => LocalOnly(context, () => Peers(context)));
        app.MapGet(ApiDefaults.PendingPath, context => LocalOnly(context, () => WithLedger(context, ledger => Write(context, ledger.Pending, ApiJsonContext.Default.IReadOnlyListPendingRequest))));
        app.MapPost(ApiDefaults.AdmitPath, context => LocalOnly(context, () => WithLedger(context, ledger => Admit(context, ledger))));
        app.MapPost(ApiDefaults.RevokePath, context => LocalOnly(context, () => WithLedger(context, ledger => Revoke(context, ledger))));
        app.MapPost(ApiDefaults.TokensPath, context => LocalOnly(context, () => WithLedger(context, ledger => CreateToken(context, ledger))));
        CommandEndpoints.Map(app);
        app.MapGet(ApiDefaults.ClientsPath, context => LocalOnly(context, () => WithLedger(context, ledger => Write(context, ledger.Clients(), ApiJsonContext.Default.IReadOnlyListClientInfo))));
        app.MapPost(ApiDefaults.ClientsPath, context => LocalOnly(context, () => WithLedger(context, ledger => AddClient(context, ledger))));
        app.MapPost(ApiDefaults.ClientRemovePath, context => LocalOnly(context, () => WithLedger(context, ledger => RemoveClient(context, ledger))));
        if (admissionPort is { } port)
        {
            app.MapPost(ApiDefaults.JoinPath, context => context.Connection.LocalPort == port ? Join(context) : NotFound(context));
            app.MapPost(ApiDefaults.RotatePath, context => context.Connection.LocalPort == port ? Rotate(context) : NotFound(context));
            app.MapPost(ApiDefaults.EndpointsPath, context => context.Connection.LocalPort == port
                ? WithLedger(context, ledger => UpdateEndpoints(context, ledger))
                : NotFound(context));
        }
    }

    private static MeshView? View(HttpContext context) => context.RequestServices.GetService<MeshView>();

    private static Task Node(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? string.Empty;
        return View(context)?.Member(name) is { } member
            ? Write(context, member, ApiJsonContext.Default.MemberInfo)
            : Error(context, StatusCodes.Status404NotFound, $"no member is called {name}");
    }

    private static async Task Graph(HttpContext context)
    {
        if (View(context) is not { } view)
        {
            await Error(context, StatusCodes.Status404NotFound, "this node has no mesh section");
            return;
        }

        await Write(context, await view.GraphAsync(context.RequestAborted), ApiJsonContext.Default.MeshGraph);
    }

    private static async Task Peers(HttpContext context)
    {
        var peers = View(context) is { } view ? await view.PeersAsync(context.RequestAborted) : [];
        await Write(context, peers, ApiJsonContext.Default.IReadOnlyListPeerInfo);
    }

    private static async Task Admit(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.AdmitRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not an admit request");
            return;
        }

        await Answer(context, () => MeshView.Describe(ledger.Admit(request).Record, "admitted"), ApiJsonContext.Default.MemberInfo);
    }

    private static async Task Revoke(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.RevokeRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a revoke request");
            return;
        }

        await Answer(context, () => Revoked(ledger, request.Name), ApiJsonContext.Default.ApiMessage);
    }

    private static async Task AddClient(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.ClientRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a client request");
            return;
        }

        await Answer(context, () => ledger.AddClient(request), ApiJsonContext.Default.ClientResponse);
    }

    private static async Task RemoveClient(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.ClientRemoveRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a client remove request");
            return;
        }

        await Answer(
            context,
            () =>
            {
                var list = ledger.RemoveClient(request.Name);
                return new ApiMessage($"removed {request.Name}: its key is revoked (revocation list serial {list.Serial})");
            },
            ApiJsonContext.Default.ApiMessage);
    }

    private static ApiMessage Revoked(AuthorityLedger ledger, string name)
    {
        var list = ledger.Revoke(name);
        return new ApiMessage($"revoked {name} (revocation list serial {list.Serial}, {list.RevokedKeys.Count} key(s))");
    }

    private static async Task CreateToken(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.TokenRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a token request");
            return;
        }

        await Answer(
            context,
            () => ledger.CreateToken(TimeSpan.FromSeconds(request.TtlSeconds), string.Equals(request.Role, "hub", StringComparison.OrdinalIgnoreCase) ? NodeRole.Hub : NodeRole.Spoke),
            ApiJsonContext.Default.TokenResponse);
    }

    private static async Task Join(HttpContext context)
    {
        if (!CanAdmit(context, out var ledger, out var forwarder))
        {
            await NoAuthority(context);
            return;
        }

        var request = await Read(context, ApiJsonContext.Default.JoinRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a join request");
            return;
        }

        var source = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var answer = ledger is not null
            ? ledger.HandleJoin(request, source)
            : await forwarder!.ForwardJoinAsync(request, source, context.RequestAborted);
        context.Response.StatusCode = answer.Status switch
        {
            "admitted" => StatusCodes.Status200OK,
            "pending" => StatusCodes.Status202Accepted,
            _ => StatusCodes.Status403Forbidden,
        };
        await Write(context, answer, ApiJsonContext.Default.JoinResponse);
    }

    private static async Task UpdateEndpoints(HttpContext context, AuthorityLedger ledger)
    {
        var request = await Read(context, ApiJsonContext.Default.EndpointUpdateRequest);
        var answer = request is null
            ? new JoinResponse("refused", null, [], "the body is not an endpoint update")
            : ledger.UpdateEndpoints(request, context.Connection.RemoteIpAddress, context.Connection.LocalIpAddress);
        context.RequestServices.GetService<EndpointUpdateMetrics>()?.Answered(answer.Status);
        if (answer.Status != "refused"
            && context.RequestServices.GetService<WireGuard.IWireGuardClient>() is { } wireGuard
            && context.RequestServices.GetService<Hosting.ConfigStore>()?.Current.Mesh is { } mesh
            && context.RequestServices.GetService<MeshState>()?.Book.Find(request!.Name)?.Record.WireGuardPublicKey is { } key)
        {
            var observed = await Nat.ObservedEndpoints.OfAsync(wireGuard, mesh.Interface, key, context.RequestAborted);
            answer = answer with { ObservedEndpoint = observed?.ToString() };
        }

        context.Response.StatusCode = answer.Status == "refused" ? StatusCodes.Status403Forbidden : StatusCodes.Status200OK;
        await Write(context, answer, ApiJsonContext.Default.JoinResponse);
    }

    private static async Task Rotate(HttpContext context)
    {
        if (!CanAdmit(context, out var ledger, out var forwarder))
        {
            await NoAuthority(context);
            return;
        }

        var request = await Read(context, ApiJsonContext.Default.RotateRequest);
        if (request is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a rotation request");
            return;
        }

        var source = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var answer = ledger is not null
            ? ledger.HandleRotation(request, source)
            : await forwarder!.ForwardRotateAsync(request, source, context.RequestAborted);
        context.Response.StatusCode = answer.Status == "admitted" ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
        await Write(context, answer, ApiJsonContext.Default.JoinResponse);
    }

    private static async Task Answer<T>(HttpContext context, Func<T> action, JsonTypeInfo<T> type)
    {
        T result;
        try
        {
            result = action();
        }
        catch (AuthorityException e)
        {
            await Error(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        await Write(context, result, type);
    }

    // The admin hub answers itself; any other hub passes the request on to it over the mesh.
    private static bool CanAdmit(HttpContext context, out AuthorityLedger? ledger, out JoinForwarder? forwarder)
    {
        ledger = context.RequestServices.GetService<AuthorityLedger>();
        forwarder = ledger is null ? context.RequestServices.GetService<JoinForwarder>() : null;
        return ledger is not null || forwarder is not null;
    }

    private static Task NoAuthority(HttpContext context) =>
        Error(context, StatusCodes.Status409Conflict, "this node does not hold the mesh authority's key (authority.key_file)");

    private static Task WithLedger(HttpContext context, Func<AuthorityLedger, Task> action) =>
        context.RequestServices.GetService<AuthorityLedger>() is { } ledger
            ? action(ledger)
            : Error(context, StatusCodes.Status409Conflict, "this node does not hold the mesh authority's key (authority.key_file)");

    private static Task LocalOnly(HttpContext context, Func<Task> action) =>
        // Kestrel gives TCP connections an IP address and unix-socket connections none.
        context.Connection.LocalIpAddress is null ? action() : NotFound(context);

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static async Task<T?> Read<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return Write(context, new ApiError(message), ApiJsonContext.Default.ApiError);
    }

    private static Task Write<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    /// <summary>
    /// Where a hub listens for join and rotation requests (the admin hub answers them, the others pass them on): TCP on every address at its WireGuard port number (the port
    /// new nodes already know from mesh.hubs; a hub's public address may be NATed to it, so no address is assumed).
    /// </summary>
    public static IPEndPoint? AdmissionEndpoint(Core.Configuration.AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // The admin hub admits; every other hub of a signed mesh passes requests on to it (JoinForwarder).
        if (config.Authority is not { } authority || config.Mesh is not { } mesh || (authority.KeyFile is null && mesh.Role != Core.Configuration.MeshRole.Hub))
        {
            return null;
        }

        return new IPEndPoint(IPAddress.Any, mesh.ListenPort);
    }
}
