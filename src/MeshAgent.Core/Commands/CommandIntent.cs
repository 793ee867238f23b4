namespace MeshAgent.Core.Commands;

/// <summary>
/// What an authority command asks a node to do: the low six bits of the packet's first byte. Values not listed
/// here are valid on the wire (a newer admin node may send them) but are counted and never executed.
/// </summary>
public enum CommandIntent : byte
{
    /// <summary>Drop the WireGuard peer of the subject node at once and keep it out (a quarantine, not a revocation).</summary>
    Isolate = 1,

    /// <summary>Undo <see cref="Isolate"/> for the subject node: its peer comes back on the next reconcile.</summary>
    Release = 2,

    /// <summary>Run a reconcile pass now instead of waiting for the next event or timer.</summary>
    ReconcileNow = 3,

    /// <summary>Restart the supervised dnsmasq (a full restart, not a SIGHUP).</summary>
    RestartDnsmasq = 4,

    /// <summary>Leave the mesh: leave gossip gracefully and drop every peer; stays left across restarts.</summary>
    Leave = 5,

    /// <summary>
    /// Rotate this node's WireGuard key: a new key pair, the record re-signed by the authority with the same name and
    /// address, peers switched by the gossiped record.
    /// </summary>
    RotateKey = 6,
}

/// <summary>Names and properties of <see cref="CommandIntent"/>s, as meshctl and the API spell them.</summary>
public static class CommandIntents
{
    /// <summary>Largest intent value the six-bit field holds.</summary>
    public const byte MaxValue = 0x3F;

    private static readonly Dictionary<string, CommandIntent> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["isolate"] = CommandIntent.Isolate,
        ["release"] = CommandIntent.Release,
        ["reconcile-now"] = CommandIntent.ReconcileNow,
        ["restart-dnsmasq"] = CommandIntent.RestartDnsmasq,
        ["leave"] = CommandIntent.Leave,
        ["rotate-key"] = CommandIntent.RotateKey,
    };

    /// <summary>Every intent name this version executes.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>True when this version knows and executes <paramref name="intent"/>.</summary>
    public static bool IsKnown(CommandIntent intent) => Enum.IsDefined(intent);

    /// <summary>True when <paramref name="intent"/> names a subject node (isolate, release).</summary>
    public static bool NeedsSubject(CommandIntent intent) => intent is CommandIntent.Isolate or CommandIntent.Release;

    /// <summary>The intent called <paramref name="name"/> ("isolate", "reconcile-now"), or false.</summary>
    public static bool TryParse(string name, out CommandIntent intent) => ByName.TryGetValue(name, out intent);

    /// <summary>The wire name of <paramref name="intent"/>; "intent-N" for one this version does not know.</summary>
    public static string Name(CommandIntent intent) =>
        ByName.FirstOrDefault(p => p.Value == intent).Key ?? $"intent-{(byte)intent}";
}
