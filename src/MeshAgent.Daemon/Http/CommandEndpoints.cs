using System.Text.Json;
using MeshAgent.Core.Api;
using MeshAgent.Daemon.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MeshAgent.Daemon.Http;

/// <summary>
/// <c>POST /v1/commands</c> on the local socket only: the admin node sends an authority command. A node without
/// the authority's key answers 409 and sends nothing.
/// </summary>
public static class CommandEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(ApiDefaults.CommandsPath, Send);
    }

    private static async Task Send(HttpContext context)
    {
        // Kestrel gives TCP connections an IP address and unix-socket connections none.
        if (context.Connection.LocalIpAddress is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.RequestServices.GetService<CommandSender>() is not { } sender)
        {
            await Error(context, StatusCodes.Status409Conflict, "only the admin node sends commands: this node does not hold the mesh authority's key (authority.key_file)");
            return;
        }

        CommandRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, ApiJsonContext.Default.CommandRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null || request.Intent is null || request.To is null)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not a command request");
            return;
        }

        CommandResponse response;
        try
        {
            response = sender.Send(request);
        }
        catch (CommandRequestException e)
        {
            await Error(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, $"nothing sent: {e.Message}");
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, response, ApiJsonContext.Default.CommandResponse, context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new ApiError(message), ApiJsonContext.Default.ApiError, context.RequestAborted);
    }
}
