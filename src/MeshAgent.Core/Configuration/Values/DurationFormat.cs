using System.Globalization;
using System.Text;

namespace MeshAgent.Core.Configuration;

/// <summary>
/// Durations as written in agent.yaml: one or more "number unit" parts from the largest unit down, e.g.
/// "500ms", "60s", "1h30m", "7d". Units: d, h, m, s, ms. Whole numbers only; precision is one millisecond.
/// </summary>
public static class DurationFormat
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why in one line.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        error = null;
        if (text.Length == 0)
        {
            error = "a duration is empty; write e.g. 60s, 500ms, 12h";
            return false;
        }

        var position = 0;
        var lastUnit = -1;
        var total = 0L;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetterLower(text[position]))
            {
                position++;
            }

            var digits = text.AsSpan(digitsStart, unitStart - digitsStart);
            var unit = text.AsSpan(unitStart, position - unitStart);
            if (digits.IsEmpty || (position < text.Length && !char.IsAsciiDigit(text[position])))
            {
                error = $"'{text}' is not a duration; write e.g. 60s, 500ms, 1h30m (units d, h, m, s, ms)";
                return false;
            }

            if (unit.IsEmpty)
            {
                error = $"'{text}' has no unit; write e.g. {text}s (units d, h, m, s, ms)";
                return false;
            }

            var unitIndex = IndexOfUnit(unit);
            if (unitIndex < 0)
            {
                error = $"'{text}' has an unknown unit '{unit}'; units are d, h, m, s, ms";
                return false;
            }

            if (unitIndex <= lastUnit)
            {
                error = $"'{text}' must give its units once each, largest first (e.g. 1h30m)";
                return false;
            }

            lastUnit = unitIndex;
            if (digits.Length > 9 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is too long a duration";
                return false;
            }

            total += number * Units[unitIndex].Size.Ticks;
            if (total > TimeSpan.FromDays(36500).Ticks)
            {
                error = $"'{text}' is too long a duration (at most 36500d)";
                return false;
            }
        }

        value = TimeSpan.FromTicks(total);
        return true;
    }

    private static int IndexOfUnit(ReadOnlySpan<char> unit)
    {
        for (var i = 0; i < Units.Length; i++)
        {
            if (unit.SequenceEqual(Units[i].Unit))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Not a duration.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>
    /// The shortest text that parses back to <paramref name="value"/> truncated to whole milliseconds:
    /// 90 s gives "1m30s", 0.5 s gives "500ms", zero gives "0s".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var remaining = value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond);
        if (remaining == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, size) in Units)
        {
            var count = remaining / size.Ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining -= count * size.Ticks;
            }
        }

        return text.ToString();
    }
}
