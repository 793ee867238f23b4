using System.Globalization;
using System.Text;

namespace MeshAgent.DBus;

/// <summary>
/// A bus match rule (specification: "Match Rules"). Rendered with <see cref="ToString"/> for
/// AddMatch/RemoveMatch and evaluated locally with <see cref="Matches"/> to route delivered
/// messages to the right subscription. Unset members match anything. Immutable once built.
/// </summary>
public sealed class MatchRule
{
    /// <summary>type=: the message type (usually <see cref="MessageType.Signal"/>).</summary>
    public MessageType? Type { get; init; }

    /// <summary>
    /// sender=: a unique or well-known name. The bus resolves well-known names; locally a
    /// well-known sender is matched only by the bus (messages carry the owner's unique name).
    /// </summary>
    public string? Sender { get; init; }

    /// <summary>interface=</summary>
    public string? Interface { get; init; }

    /// <summary>member=</summary>
    public string? Member { get; init; }

    /// <summary>path=: exact object path.</summary>
    public DBusObjectPath? Path { get; init; }

    /// <summary>path_namespace=: the path itself or any path below it.</summary>
    public DBusObjectPath? PathNamespace { get; init; }

    /// <summary>destination=: a unique name.</summary>
    public string? Destination { get; init; }

    /// <summary>argN=: string arguments that must equal the given text, N in 0..63.</summary>
    public IReadOnlyDictionary<int, string> Args { get; init; } = new Dictionary<int, string>();

    /// <summary>The rule text for AddMatch, values quoted (a quote inside is written '\'' ).</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Type is { } type)
        {
            parts.Add("type=" + Quote(type switch
            {
                MessageType.MethodCall => "method_call",
                MessageType.MethodReturn => "method_return",
                MessageType.Error => "error",
                MessageType.Signal => "signal",
                _ => throw new InvalidOperationException($"Message type {type} cannot be matched"),
            }));
        }

        Add(parts, "sender", Sender);
        Add(parts, "interface", Interface);
        Add(parts, "member", Member);
        Add(parts, "path", Path?.Value);
        Add(parts, "path_namespace", PathNamespace?.Value);
        Add(parts, "destination", Destination);
        foreach (var (index, value) in Args.OrderBy(a => a.Key))
        {
            if (index is < 0 or > 63)
            {
                throw new InvalidOperationException($"arg{index} is outside arg0..arg63");
            }

            Add(parts, "arg" + index.ToString(CultureInfo.InvariantCulture), value);
        }

        return string.Join(',', parts);
    }

    /// <summary>True if <paramref name="message"/> satisfies every set member (well-known senders excepted, see <see cref="Sender"/>).</summary>
    public bool Matches(DBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Type is { } type && message.Type != type)
        {
            return false;
        }

        if (Sender is { } sender && sender.StartsWith(':') && !string.Equals(sender, message.Sender, StringComparison.Ordinal))
        {
            return false;
        }

        if ((Interface is not null && !string.Equals(Interface, message.Interface, StringComparison.Ordinal))
            || (Member is not null && !string.Equals(Member, message.Member, StringComparison.Ordinal))
            || (Destination is not null && !string.Equals(Destination, message.Destination, StringComparison.Ordinal)))
        {
            return false;
        }

        if (Path is { } path && message.Path != path)
        {
            return false;
        }

        if (PathNamespace is { } ns && !IsInNamespace(message.Path, ns.Value))
        {
            return false;
        }

        if (Args.Count > 0)
        {
            IReadOnlyList<DBusValue> arguments;
            try
            {
                arguments = message.Arguments;
            }
            catch (DBusFormatException)
            {
                return false;
            }

            foreach (var (index, expected) in Args)
            {
                if (index >= arguments.Count || arguments[index].Type.Code != DBusTypeCode.String
                    || !string.Equals(arguments[index].AsString(), expected, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsInNamespace(DBusObjectPath? path, string ns)
    {
        if (path is not { } p)
        {
            return false;
        }

        var text = p.Value;
        return ns == "/"
            || string.Equals(text, ns, StringComparison.Ordinal)
            || (text.StartsWith(ns, StringComparison.Ordinal) && text.Length > ns.Length && text[ns.Length] == '/');
    }

    private static void Add(List<string> parts, string key, string? value)
    {
        if (value is not null)
        {
            parts.Add(key + "=" + Quote(value));
        }
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder("'");
        foreach (var c in value)
        {
            // Inside quotes only the quote itself is special; it is closed, escaped and reopened.
            text.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return text.Append('\'').ToString();
    }
}
