namespace MeshAgent.DBus.Tests.Codec;

/// <summary>Access to the captured messages in Fixtures/ (see Fixtures/capture.sh).</summary>
internal static class FixtureFile
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<string> MessageNames =>
        System.IO.Directory.GetFiles(Directory, "*.msg").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".msg"));

    /// <summary>GLib's decoding of the body, printed by g_variant_print(…, TRUE).</summary>
    public static string GlibText(string name) => File.ReadAllText(Path.Combine(Directory, name + ".txt")).TrimEnd('\n');

    /// <summary>Our decoding of a body printed the same way (a tuple of the arguments).</summary>
    public static string BodyText(IReadOnlyList<DBusValue> arguments) =>
        arguments.Count == 0 ? "()" : DBusValue.Struct(arguments).ToString();
}
