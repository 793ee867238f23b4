using System.Text;

namespace MeshAgent.Cli.Commands.Backup;

/// <summary>
/// The backup passphrase: the first line of <c>--passphrase-file</c> (which must be 0600 or stricter, like every
/// secret), or typed at the terminal without echo (twice when it makes a new backup). Never logged or printed.
/// </summary>
internal static class Passphrase
{
    /// <summary>The passphrase, or null with the reason on stderr.</summary>
    public static string? Obtain(string? file, bool confirm, TextWriter error)
    {
        if (file is not null)
        {
            return FromFile(file, error);
        }

        if (Console.IsInputRedirected)
        {
            error.WriteLine("meshctl: no terminal to ask for the passphrase: give --passphrase-file FILE");
            return null;
        }

        var first = Prompt("passphrase: ");
        if (first.Length == 0)
        {
            error.WriteLine("meshctl: the passphrase is empty");
            return null;
        }

        if (confirm && Prompt("passphrase again: ") != first)
        {
            error.WriteLine("meshctl: the passphrases differ");
            return null;
        }

        return first;
    }

    private static string? FromFile(string file, TextWriter error)
    {
        try
        {
            var mode = File.GetUnixFileMode(file);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                error.WriteLine($"meshctl: {file} is readable by others (mode {Convert.ToString((int)mode, 8)}): chmod 600 {file}");
                return null;
            }

            using var reader = new StreamReader(file);
            var line = reader.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                error.WriteLine($"meshctl: {file}: the first line (the passphrase) is empty");
                return null;
            }

            return line;
        }
        catch (IOException e)
        {
            error.WriteLine($"meshctl: cannot read the passphrase: {e.Message}");
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"meshctl: cannot read the passphrase: {e.Message}");
            return null;
        }
    }

    private static string Prompt(string question)
    {
        Console.Error.Write(question);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
