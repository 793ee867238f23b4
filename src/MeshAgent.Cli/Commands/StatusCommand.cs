using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MeshAgent.Cli.LocalApi;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl status [--json] [--socket PATH]</c>: this node's daemon state from the local API. Exit 0 when
/// the daemon answered (ready or not), 1 when it could not be reached.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the daemon's JSON answer" };
        var socket = new Option<string>("--socket")
        {
            Description = "The daemon's API socket",
            DefaultValueFactory = _ => ApiDefaults.SocketPath,
        };
        var command = new Command("status", "Show this node's daemon state: readiness, subsystems, last reconcile") { json, socket };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(socket)!, parse.GetValue(json), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string socketPath, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var client = new LocalApiClient(socketPath);
        NodeStatus status;
        try
        {
            status = await client.GetStatusAsync(cancellationToken);
        }
        catch (DaemonUnreachableException ex)
        {
            await error.WriteLineAsync("meshctl: " + ex.Message);
            return 1;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"meshctl: the daemon on {socketPath} answered with an error: {ex.Message}");
            return 1;
        }

        await output.WriteAsync(json
            ? JsonSerializer.Serialize(status, ApiJsonContext.Default.NodeStatus) + "\n"
            : Format(status, DateTimeOffset.UtcNow));
        return 0;
    }

    /// <summary>The short aligned human summary; <paramref name="now"/> anchors the "ago" times.</summary>
    internal static string Format(NodeStatus status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        void Row(string key, string value) => text.Append(string.Create(CultureInfo.InvariantCulture, $"{key,-11}{value}").TrimEnd()).Append('\n');

        Row("node", status.Node);
        Row("state", status.Summary);
        Row("ready", status.Ready ? "yes" : "no");
        Row("version", $"{status.Version} ({Short(status.Commit)})");
        Row("uptime", Duration(TimeSpan.FromSeconds(status.UptimeSeconds)));
        Row("reconciled", status.LastReconcile is { } last ? $"{Ago(now - last)}" : "not yet");
        if (status.Mesh is { } mesh)
        {
            Row("mesh", $"{mesh.MeshIPv4 ?? "no address yet"} ({mesh.Role}), {mesh.Admission}");
            Row("record", mesh.RecordExpiresAt is { } expiry ? $"expires in {Duration(expiry > now ? expiry - now : TimeSpan.Zero)}" : "none");
            Row("members", mesh.Members.Count == 0 ? "none" : string.Join(", ", mesh.Members.Where(m => m.Value > 0).Select(m => $"{m.Value} {m.Key}").DefaultIfEmpty("none")));
            Row("peers", $"{mesh.HubPeers} hub, {mesh.DirectPeers} direct, {mesh.Relayed} relayed");
            if (mesh.Isolated is { Count: > 0 } isolated)
            {
                Row("isolated", string.Join(", ", isolated) + " (authority command)");
            }

            if (mesh.Left)
            {
                Row("left", "this node left the mesh by authority command");
            }

            foreach (var problem in mesh.Problems)
            {
                Row("problem", problem);
            }
        }

        if (status.Firewall is { } firewall)
        {
            Row("firewall", $"{firewall.Backend}, {(firewall.InSync ? "in sync" : "not in sync")}, {firewall.Rules} rules");
            foreach (var notice in firewall.Notices)
            {
                Row("blocked", notice);
            }
        }

        if (status.PortMapping is { } mapping)
        {
            Row("nat", PortMappingText(mapping, now));
        }

        if (status.Subsystems.Count == 0)
        {
            Row("subsystems", "none configured");
            return text.ToString();
        }

        Row("subsystems", string.Empty);
        var width = status.Subsystems.Max(s => s.Subsystem.Length) + 2;
        foreach (var s in status.Subsystems)
        {
            var state = s.State.ToString().ToLowerInvariant();
            var detail = s.State switch
            {
                SubsystemState.Converged => s.LastAttempt is { } at ? Ago(now - at) : string.Empty,
                SubsystemState.Pending => string.Empty,
                _ => s.Problem + (s.NextRetry is { } retry ? $"; retry in {Duration(retry > now ? retry - now : TimeSpan.Zero)}" : string.Empty)
                    + (s.ConsecutiveFailures > 1 ? $" ({s.ConsecutiveFailures} failures)" : string.Empty),
            };
            text.Append(("  " + s.Subsystem.PadRight(width) + state.PadRight(11) + detail).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"natpmp 198.51.100.7:51820, expires in 1h 59m (gateway 10.0.0.1)", or the state and why.</summary>
    internal static string PortMappingText(PortMappingStatus mapping, DateTimeOffset now)
    {
        var gateway = mapping.Gateway is { } address ? $"gateway {address}" : "no default route";
        if (mapping is { Protocol: { } protocol, ExternalEndpoint: { } external })
        {
            var lease = mapping.Permanent ? "permanent lease"
                : mapping.ExpiresAt is { } expiry ? $"expires in {Duration(expiry > now ? expiry - now : TimeSpan.Zero)}" : "no expiry";
            return $"{protocol} {external}, {lease} ({gateway})";
        }

        var retry = mapping.NextAttempt is { } next ? $"; retry in {Duration(next > now ? next - now : TimeSpan.Zero)}" : string.Empty;
        var problem = mapping.Problem is { } why ? $": {why}" : string.Empty;
        return $"{mapping.State}{problem}{retry} ({gateway})";
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Ago(TimeSpan age) => Duration(age < TimeSpan.Zero ? TimeSpan.Zero : age) + " ago";

    private static string Duration(TimeSpan span)
    {
        if (span.TotalSeconds < 60)
        {
            return $"{(int)span.TotalSeconds}s";
        }

        if (span.TotalHours < 1)
        {
            return $"{span.Minutes}m {span.Seconds}s";
        }

        return span.TotalDays < 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{(int)span.TotalDays}d {span.Hours}h";
    }
}
