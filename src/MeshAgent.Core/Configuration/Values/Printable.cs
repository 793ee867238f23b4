using System.Globalization;
using System.Text;

namespace MeshAgent.Core.Configuration.Values;

/// <summary>Shows user text in one-line messages without letting control characters break the line.</summary>
public static class Printable
{
    /// <summary>The text with control characters written as \n, \t or \uXXXX.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>"a space", "a newline", "','".</summary>
    public static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\n' => "a newline",
        '\r' => "a carriage return",
        '\t' => "a tab",
        _ when char.IsControl(c) => "a control character",
        _ when char.IsWhiteSpace(c) => "white space",
        _ => $"'{c}'",
    };
}
