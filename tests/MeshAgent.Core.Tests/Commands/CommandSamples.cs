using MeshAgent.Core.Commands;
using MeshAgent.Interop;

namespace MeshAgent.Core.Tests.Commands;

/// <summary>Fixed keys for command tests: an authority seed and two node key pairs.</summary>
internal static class CommandSamples
{
    public static readonly byte[] AuthoritySeed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] AuthorityPublic = Ed25519.PublicKey(AuthoritySeed);
    public static readonly byte[] NodePrivate = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] NodePublic = PublicOf(NodePrivate);
    public static readonly byte[] OtherPrivate = Enumerable.Range(201, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] OtherPublic = PublicOf(OtherPrivate);

    public static CommandMacKey NodeKey => CommandKeys.ForSelf(NodePrivate, NodePublic, AuthorityPublic);

    public static CommandHeader Isolate(ushort subject, uint counter) =>
        new(CommandIntent.Isolate, CommandTarget.All, subject, counter);

    private static byte[] PublicOf(byte[] privateKey)
    {
        var publicKey = new byte[32];
        SodiumCurve25519.ScalarMultBase(privateKey, publicKey);
        return publicKey;
    }
}
