using System.Text;

namespace MeshAgent.WireGuard.Tests;

/// <summary>
/// Generates fuzz inputs for the line-based WireGuard text formats (UAPI replies, wg(8) and wg-quick
/// files): mutations of valid seed texts (character edits, line deletions/duplications/swaps, values
/// replaced by boundary tokens, lines spliced from other seeds, truncation) and random texts assembled
/// from the format's keys and boundary values. Deterministic for a given <see cref="Random"/>.
/// Not thread-safe.
/// </summary>
internal sealed class TextFuzzer
{
    private const string Noise = "=\n#[]/:,.% \t\r-+0123456789abcdefxzABCDEF/+=\u00e9\0";

    private readonly string[][] _seeds;
    private readonly string[] _keys;
    private readonly string[] _values;
    private readonly string _separator;
    private readonly string _terminator;
    private readonly List<string> _lines = new(64);
    private readonly StringBuilder _text = new(4096);

    /// <param name="seeds">Valid texts of the format.</param>
    /// <param name="keys">Line prefixes of the format, e.g. "listen_port" or "[Peer]".</param>
    /// <param name="values">Interesting values: valid ones and boundary cases.</param>
    /// <param name="separator">Between key and value ("=" or " = ").</param>
    /// <param name="terminator">Appended to most random texts (e.g. UAPI's "errno=0\n\n").</param>
    public TextFuzzer(IEnumerable<string> seeds, string[] keys, string[] values, string separator, string terminator)
    {
        _seeds = seeds.Select(s => s.Split('\n')).ToArray();
        _keys = keys;
        _values = values;
        _separator = separator;
        _terminator = terminator;
    }

    /// <summary>The next input: three in four are mutated seeds, one in four is random.</summary>
    public string Next(Random random) => random.Next(4) == 0 ? RandomText(random) : Mutated(random);

    private string Mutated(Random random)
    {
        _lines.Clear();
        _lines.AddRange(_seeds[random.Next(_seeds.Length)]);
        for (var rounds = random.Next(1, 4); rounds > 0 && _lines.Count > 0; rounds--)
        {
            var index = random.Next(_lines.Count);
            var line = _lines[index];
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    _lines[index] = EditCharacters(line, random);
                    break;
                case 2:
                    _lines.RemoveAt(index);
                    break;
                case 3:
                    _lines.Insert(random.Next(_lines.Count + 1), line);
                    break;
                case 4:
                    var other = random.Next(_lines.Count);
                    (_lines[index], _lines[other]) = (_lines[other], line);
                    break;
                case 5:
                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    _lines[index] = (equals >= 0 ? line[..(equals + 1)] : line + _separator) + _values[random.Next(_values.Length)];
                    break;
                case 6:
                    var seed = _seeds[random.Next(_seeds.Length)];
                    _lines.Insert(index, seed[random.Next(seed.Length)]);
                    break;
                case 7:
                    _lines[index] = _keys[random.Next(_keys.Length)] + _separator + _values[random.Next(_values.Length)];
                    break;
                default:
                    _lines.RemoveRange(index, _lines.Count - index);
                    break;
            }
        }

        _text.Clear();
        _text.AppendJoin('\n', _lines);
        if (random.Next(8) == 0)
        {
            _text.Length = random.Next(_text.Length + 1);
        }

        return _text.ToString();
    }

    private string RandomText(Random random)
    {
        _text.Clear();
        for (var lines = random.Next(0, 24); lines > 0; lines--)
        {
            var key = _keys[random.Next(_keys.Length)];
            if (key.StartsWith('['))
            {
                _text.Append(key);
            }
            else
            {
                _text.Append(key).Append(_separator).Append(_values[random.Next(_values.Length)]);
            }

            if (random.Next(16) == 0)
            {
                _text.Append(Noise[random.Next(Noise.Length)]);
            }

            _text.Append('\n');
        }

        if (random.Next(8) != 0)
        {
            _text.Append(_terminator);
        }

        return _text.ToString();
    }

    private static string EditCharacters(string line, Random random)
    {
        var chars = new StringBuilder(line);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < chars.Length:
                    chars[at] = Noise[random.Next(Noise.Length)];
                    break;
                case 1 when at < chars.Length:
                    chars.Remove(at, 1);
                    break;
                default:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
            }
        }

        return chars.ToString();
    }
}
