using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MeshAgent.Cli.LocalApi;
using MeshAgent.Core.Api;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// What the commands that ask the daemon share: the <c>--socket</c> and <c>--json</c> options, and one way
/// to report an unreachable or refusing daemon (one line on stderr, exit 1).
/// </summary>
internal static class ApiCommand
{
    public static Option<string> SocketOption() => new("--socket")
    {
        Description = "The daemon's API socket",
        DefaultValueFactory = _ => ApiDefaults.SocketPath,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the daemon's JSON answer" };

    /// <summary>
    /// A read-only listing: GET <paramref name="path"/>, print it with <paramref name="format"/>, or the daemon's
    /// JSON with <c>--json</c>.
    /// </summary>
    public static Command Listing<T>(string name, string description, string path, JsonTypeInfo<T> type, Func<T, string> format)
    {
        var json = JsonOption();
        var socket = SocketOption();
        var command = new Command(name, description) { json, socket };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
        {
            var answer = await client.GetAsync(path, type, cancellationToken);
            await Console.Out.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(answer, type) + "\n" : format(answer));
            return 0;
        }));
        return command;
    }

    /// <summary>Runs <paramref name="action"/> against the daemon; maps its failures to exit code 1.</summary>
    public static async Task<int> RunAsync(string socketPath, TextWriter error, Func<LocalApiClient, Task<int>> action)
    {
        using var client = new LocalApiClient(socketPath);
        try
        {
            return await action(client);
        }
        catch (DaemonUnreachableException ex)
        {
            await error.WriteLineAsync("meshctl: " + ex.Message);
        }
        catch (DaemonRefusedException ex)
        {
            await error.WriteLineAsync("meshctl: " + ex.Message);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"meshctl: the daemon on {socketPath} answered with an error: {ex.Message}");
        }

        return 1;
    }

    /// <summary>Rows as left-aligned columns separated by two spaces; the last column is not padded.</summary>
    public static string Table(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"12s ago", "3m ago", "never".</summary>
    public static string Age(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return "never";
        }

        var age = now - time;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds}s ago"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }
}
