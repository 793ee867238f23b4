namespace MeshAgent.Gossip.Tests;

/// <summary>One captured payload from Fixtures/*.txt (lines: PROTO SRCPORT DSTPORT LENGTH HEX).</summary>
internal sealed record CapturedPayload(string Protocol, int SourcePort, int DestinationPort, byte[] Data)
{
    public const string EncryptionKey = "AAECAwQFBgcICQoLDA0ODw==";

    public static IReadOnlyList<CapturedPayload> Load(string name) =>
        File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .Select(p => new CapturedPayload(p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(p[4])))
            .ToList();
}
