using MeshAgent.Core.Configuration.Yaml;

namespace MeshAgent.Core.Configuration.Reading;

/// <summary>
/// Turns one scalar into a typed value or a one-line error. <see cref="Expected"/> names the kind of value
/// for "expected X, got a list" messages.
/// </summary>
internal sealed class ValueParser<T>(string expected, ValueParser<T>.ParseFunc parse)
{
    /// <summary>Parses <paramref name="scalar"/>; returns null on success, else the error message.</summary>
    public delegate string? ParseFunc(ConfigScalar scalar, out T value);

    /// <summary>"an integer", "a duration like 60s".</summary>
    public string Expected { get; } = expected;

    /// <summary>Parses; returns null on success, else the error message.</summary>
    public string? Parse(ConfigScalar scalar, out T value) => parse(scalar, out value);

    /// <summary>A parser that applies <paramref name="check"/> (returns an error or null) after this one.</summary>
    public ValueParser<T> Where(Func<T, string?> check) =>
        new(Expected, (ConfigScalar scalar, out T value) => Parse(scalar, out value) ?? check(value));
}
