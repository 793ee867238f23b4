using System.CommandLine;
using System.Text;
using System.Text.Json;
using MeshAgent.Cli.Doctor;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl doctor [--json] [--config PATH] [--socket PATH]</c>: runs every check and explains each failure in one
/// sentence with what to do. Works with the daemon stopped (that is one of the findings). Exit 1 when a check fails.
/// </summary>
internal static class DoctorCommand
{
    public const string DefaultConfig = "/etc/meshagent/agent.yaml";

    public static Command Create()
    {
        var json = ApiCommand.JsonOption();
        var config = new Option<string>("--config") { Description = "The agent's config file", DefaultValueFactory = _ => DefaultConfig };
        var socket = new Option<string?>("--socket") { Description = "The daemon's API socket; default: http.api_socket from the config" };
        var command = new Command("doctor", "Check this node and explain every problem with what to do; exit 1 if any check fails") { json, config, socket };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var facts = await DoctorFactCollector.CollectAsync(parse.GetValue(config)!, parse.GetValue(socket), cancellationToken);
            var results = DoctorChecks.Run(facts);
            await Console.Out.WriteAsync(parse.GetValue(json) ? Json(results) : Text(results));
            return results.Any(r => r.Status == DoctorStatus.Fail) ? 1 : 0;
        });
        return command;
    }

    internal static string Text(IReadOnlyList<DoctorResult> results)
    {
        var width = results.Max(r => r.Check.Length);
        var text = new StringBuilder();
        foreach (var result in results)
        {
            var mark = result.Status switch { DoctorStatus.Ok => "ok  ", DoctorStatus.Fail => "FAIL", _ => "skip" };
            text.Append(mark).Append("  ").Append(result.Check.PadRight(width)).Append("  ").Append(result.Message).Append('\n');
        }

        var failed = results.Count(r => r.Status == DoctorStatus.Fail);
        text.Append(failed == 0 ? "no problems found\n" : $"{failed} problem(s) found\n");
        return text.ToString();
    }

    internal static string Json(IReadOnlyList<DoctorResult> results)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", results.All(r => r.Status != DoctorStatus.Fail));
            writer.WriteStartArray("checks");
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("check", result.Check);
                writer.WriteString("status", result.Status switch { DoctorStatus.Ok => "ok", DoctorStatus.Fail => "fail", _ => "skipped" });
                writer.WriteString("message", result.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
