using System.Globalization;

namespace MeshAgent.Lab;

/// <summary>
/// Reads /proc/PID/stat. LAB.md: PID 1 here reaps late, so kill(pid, 0) reports zombies as alive;
/// the state letter is the truth.
/// </summary>
internal static class ProcessLiveness
{
    /// <summary>True while the process exists and is neither a zombie nor dead.</summary>
    public static bool IsRunning(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State is not ('Z' or 'X' or 'x');
    }

    /// <summary>The start time in clock ticks since boot (field 22), to tell a reused PID apart.</summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return null;
        }

        return (fields[0][0], long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
