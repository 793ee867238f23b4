using System.Diagnostics;
using MeshAgent.NetworkManager.Client;
using MeshAgent.NetworkManager.Settings;
using Tmds.DBus.Protocol;

namespace MeshAgent.NetworkManager.Tests.Client;

/// <summary>
/// Fuzzes what we still decode ourselves: NM's settings as Tmds.DBus.Protocol hands them over (sections of
/// <see cref="VariantValue"/>s) into <see cref="ConnectionSettings"/>. Inputs are random value trees of every
/// D-Bus type, near-misses of address-data (missing, extra, mistyped keys), nested variants, empty and
/// duplicate names. The only allowed failure is <see cref="SettingsFormatException"/>; whatever decodes must
/// also encode again (it is what Update2 would send). The wire format itself is the library's to check.
/// </summary>
public sealed class SettingsCodecFuzzTests
{
    private const int Inputs = 1_000_000;
    private const int Seed = 20261204;

    private static readonly string[] Names = ["connection", "ipv4", "ipv6", "bridge", "address-data", "address", "prefix", "id", "uuid", "method", "x", ""];

    [Test]
    public void Decode_MillionRandomSettings_DecodesOrTypedErrorAndEncodesBack()
    {
        var random = new Random(Seed);
        using var connection = new DBusConnection("unix:path=/nonexistent/fuzz-never-connected");
        var decoded = 0;
        var rejected = 0;
        var typedValues = 0;
        var unexpected = new List<string>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < Inputs && unexpected.Count < 5; i++)
        {
            var input = RandomSettings(random);
            try
            {
                var settings = SettingsCodec.Decode(input);
                if (CheckDecoded(input, settings, ref typedValues) is { } mismatch)
                {
                    unexpected.Add($"input {i}: {mismatch}");
                }

                EncodeBack(connection, settings);
                decoded++;
            }
            catch (SettingsFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                unexpected.Add($"input {i}: {e.GetType().Name}: {e.Message}");
            }
        }

        TestContext.Out.WriteLine(
            $"{decoded + rejected + unexpected.Count} inputs (seed {Seed}) in {watch.ElapsedMilliseconds} ms: {decoded} decoded ({typedValues} typed values), {rejected} rejected with SettingsFormatException");
        Assert.That(unexpected, Is.Empty, "only SettingsFormatException may escape, and what decodes matches its input");
        Assert.That(decoded + rejected, Is.EqualTo(Inputs));
        Assert.That(decoded, Is.GreaterThan(Inputs / 2), "most inputs are well-formed and must decode");
        Assert.That(rejected, Is.GreaterThan(0), "the generator produces invalid names too");
        Assert.That(typedValues, Is.GreaterThan(0));
    }

    // Every section and key of the input is in the model, with a value of the matching kind; a section named
    // twice is merged, the later value of a key winning. Counts values that became typed (non-opaque); returns
    // the first mismatch, null when none. Plain checks, not Assert: this runs a million times.
    private static string? CheckDecoded(List<KeyValuePair<string, Dictionary<string, VariantValue>>> input, ConnectionSettings settings, ref int typed)
    {
        var merged = new Dictionary<(string Section, string Key), VariantValue>();
        foreach (var (section, values) in input)
        {
            if (!settings.HasSection(section))
            {
                return $"section {section} missing";
            }

            foreach (var (key, value) in values)
            {
                merged[(section, key)] = value;
            }
        }

        foreach (var ((section, key), value) in merged)
        {
            var setting = settings.Get(section, key);
            if (setting is null || setting.Signature.Length == 0 || setting.ToString() is null)
            {
                return $"{section}.{key} missing or without signature";
            }

            var expected = value.Type switch
            {
                VariantValueType.String => typeof(StringSettingValue),
                VariantValueType.Bool => typeof(BooleanSettingValue),
                VariantValueType.UInt32 => typeof(UInt32SettingValue),
                VariantValueType.Int32 => typeof(Int32SettingValue),
                _ => null,
            };
            if (expected is not null && setting.GetType() != expected)
            {
                return $"{section}.{key}: {value.Type} decoded as {setting.GetType().Name}";
            }

            typed += setting is OpaqueSettingValue ? 0 : 1;
        }

        return null;
    }

    // As Update2 would: header, then the settings; the writer is dropped unsent.
    private static void EncodeBack(DBusConnection connection, ConnectionSettings settings)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader("org.freedesktop.NetworkManager", "/org/freedesktop/NetworkManager/Settings/1",
                "org.freedesktop.NetworkManager.Settings.Connection", "Update2", SettingsCodec.Signature);
            SettingsCodec.Write(ref writer, settings);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static List<KeyValuePair<string, Dictionary<string, VariantValue>>> RandomSettings(Random random)
    {
        var sections = new List<KeyValuePair<string, Dictionary<string, VariantValue>>>();
        for (var s = random.Next(5); s > 0; s--)
        {
            var values = new Dictionary<string, VariantValue>();
            for (var k = random.Next(6); k > 0; k--)
            {
                values[RandomName(random)] = RandomValue(random, depth: 0);
            }

            sections.Add(new(RandomName(random), values));
        }

        return sections;
    }

    // Mostly real names; "" one time in 200 so that rejects stay a minority.
    private static string RandomName(Random random) =>
        random.Next(200) == 0 ? "" : Names[random.Next(Names.Length - 1)];

    private static VariantValue RandomValue(Random random, int depth)
    {
        var kind = random.Next(depth >= 3 ? 12 : 20);
        return kind switch
        {
            0 => VariantValue.Byte((byte)random.Next(256)),
            1 => VariantValue.Bool(random.Next(2) == 1),
            2 => VariantValue.Int16((short)random.Next(short.MinValue, short.MaxValue)),
            3 => VariantValue.UInt16((ushort)random.Next(ushort.MaxValue)),
            4 => VariantValue.Int32(random.Next(int.MinValue, int.MaxValue)),
            5 => VariantValue.UInt32((uint)random.NextInt64(uint.MaxValue)),
            6 => VariantValue.Int64(random.NextInt64(long.MinValue, long.MaxValue)),
            7 => VariantValue.UInt64((ulong)random.NextInt64()),
            8 => VariantValue.Double(random.NextDouble() * 1e6),
            9 => VariantValue.String(RandomText(random)),
            10 => VariantValue.ObjectPath(new ObjectPath("/org/freedesktop/NetworkManager/Devices/" + random.Next(100))),
            // A value without a type only where the library could hand one over: never nested.
            11 => depth == 0 && random.Next(50) == 0 ? default : VariantValue.Signature(new Signature("a{sv}"u8)),
            12 => VariantValue.Array(Enumerable.Range(0, random.Next(4)).Select(_ => (byte)random.Next(256)).ToArray()),
            13 => VariantValue.Array(Enumerable.Range(0, random.Next(4)).Select(_ => (uint)random.Next()).ToArray()),
            14 => VariantValue.Array(Enumerable.Range(0, random.Next(4)).Select(_ => RandomText(random)).ToArray()),
            15 => RandomAddressData(random),
            16 => VariantValue.Variant(RandomValue(random, depth + 1)),
            17 => VariantValue.ArrayOfVariant(Enumerable.Range(0, random.Next(3)).Select(_ => RandomValue(random, depth + 1)).ToArray()),
            18 => VariantValue.Struct(RandomValue(random, depth + 1), RandomValue(random, depth + 1)),
            _ => RandomDictionary(random, depth + 1).AsVariantValue(),
        };
    }

    // address-data and its near misses: right shape, missing or extra keys, mistyped prefix, empty.
    private static VariantValue RandomAddressData(Random random)
    {
        var entries = new Array<Dict<string, VariantValue>>();
        for (var n = random.Next(4); n > 0; n--)
        {
            var entry = new Dict<string, VariantValue>();
            if (random.Next(8) != 0)
            {
                entry["address"] = random.Next(10) == 0 ? VariantValue.UInt32(1) : VariantValue.String($"10.{random.Next(256)}.0.1");
            }

            if (random.Next(8) != 0)
            {
                entry["prefix"] = random.Next(10) == 0 ? VariantValue.Int32(24) : VariantValue.UInt32((uint)random.Next(33));
            }

            if (random.Next(8) == 0)
            {
                entry["label"] = VariantValue.String("x");
            }

            entries.Add(entry);
        }

        return entries.AsVariantValue();
    }

    private static Dict<string, VariantValue> RandomDictionary(Random random, int depth)
    {
        var dictionary = new Dict<string, VariantValue>();
        for (var n = random.Next(3); n > 0; n--)
        {
            dictionary[RandomName(random) + n] = RandomValue(random, depth);
        }

        return dictionary;
    }

    private static string RandomText(Random random) => random.Next(4) switch
    {
        0 => "",
        1 => "meshagent-br0",
        2 => "ünïcode ✓",
        _ => new string((char)random.Next(0x20, 0x7f), random.Next(1, 8)),
    };
}
