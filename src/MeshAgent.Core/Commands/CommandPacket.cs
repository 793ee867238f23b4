using System.Buffers.Binary;

namespace MeshAgent.Core.Commands;

/// <summary>Why a datagram was not taken as a command; the metric label of each is in <see cref="CommandRejections"/>.</summary>
public enum CommandRejection
{
    /// <summary>Not exactly <see cref="CommandPacket.Length"/> bytes.</summary>
    WrongSize,

    /// <summary>Sixteen bytes whose fields cannot be a command (reserved target kind, intent 0, counter 0, missing or stray subject, unknown role).</summary>
    Malformed,

    /// <summary>The MAC does not verify under this node's key: forged, altered, or meant for another node.</summary>
    BadMac,

    /// <summary>Authentic, but its counter was seen already or is older than the replay window.</summary>
    Replayed,

    /// <summary>Authentic and fresh, but its target selector does not select this node.</summary>
    NotSelected,

    /// <summary>Authentic and fresh, but an intent this version does not execute.</summary>
    UnknownIntent,

    /// <summary>Authentic and fresh, but no verified record (or more than one) has the subject's host id.</summary>
    UnknownSubject,

    /// <summary>Arrived from an address outside the mesh prefix.</summary>
    ForeignSource,

    /// <summary>Authentic and fresh, but its counter could not be stored durably, so it is not taken (and can come again).</summary>
    StateUnwritable,
}

/// <summary>Metric labels of <see cref="CommandRejection"/>s.</summary>
public static class CommandRejections
{
    /// <summary>Every rejection, in the order of the checks.</summary>
    public static IReadOnlyList<CommandRejection> All { get; } = Enum.GetValues<CommandRejection>();

    /// <summary>The label, snake_case: "wrong_size", "bad_mac", ….</summary>
    public static string Label(CommandRejection rejection) => rejection switch
    {
        CommandRejection.WrongSize => "wrong_size",
        CommandRejection.Malformed => "malformed",
        CommandRejection.BadMac => "bad_mac",
        CommandRejection.Replayed => "replayed",
        CommandRejection.NotSelected => "not_selected",
        CommandRejection.UnknownIntent => "unknown_intent",
        CommandRejection.UnknownSubject => "unknown_subject",
        CommandRejection.ForeignSource => "foreign_source",
        _ => "state_unwritable",
    };
}

/// <summary>
/// The 16-byte authority command, big-endian:
/// <code>
/// byte 0      bits 7-6 target kind (0 all, 1 role, 2 node, 3 reserved), bits 5-0 intent (1-63)
/// byte 1      target value: role (0 spoke, 1 hub), node tag (low byte of its host id), or 0 for all
/// bytes 2-3   subject host id (isolate, release), 0 otherwise
/// bytes 4-7   counter (1 .. 2^32-1)
/// bytes 8-15  MAC: HMAC-SHA256(per-node key, bytes 0-7), first 8 bytes
/// </code>
/// There is no version field: the version is in the key derivation's label (<see cref="CommandKeys"/>), so a
/// packet of another version fails the MAC instead of being misread. Pure; thread-safe.
/// </summary>
public static class CommandPacket
{
    /// <summary>UDP port of the command listener on the mesh address (nodes only receive on it, never send).</summary>
    public const int Port = 8090;

    /// <summary>Size of every command packet.</summary>
    public const int Length = 16;

    /// <summary>Bytes covered by the MAC (everything before it).</summary>
    public const int HeaderLength = 8;

    /// <summary>Bytes of the truncated MAC: 64 bits, see <see cref="CommandMacKey"/> for the forgery bound.</summary>
    public const int TagLength = 8;

    /// <summary>Writes <paramref name="header"/> and its MAC under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The header could not be decoded back (see <see cref="TryParse"/>).</exception>
    public static byte[] Seal(CommandHeader header, CommandMacKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var packet = new byte[Length];
        packet[0] = (byte)(((byte)header.Target.Kind << 6) | ((byte)header.Intent & CommandIntents.MaxValue));
        packet[1] = header.Target.Value;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), header.Subject);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), header.Counter);
        if (!TryParse(packet, out var check, out var problem))
        {
            throw new ArgumentException($"Not a valid command header: {CommandRejections.Label(problem)}.", nameof(header));
        }

        if (check != header)
        {
            throw new ArgumentException("Not a valid command header: a field does not fit its bits.", nameof(header));
        }

        key.ComputeTag(packet.AsSpan(0, HeaderLength), packet.AsSpan(HeaderLength));
        return packet;
    }

    /// <summary>
    /// Reads the header of <paramref name="packet"/> without checking its MAC. Never throws: any input is either a
    /// well-formed header or a <see cref="CommandRejection.WrongSize"/> / <see cref="CommandRejection.Malformed"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out CommandHeader header, out CommandRejection rejection)
    {
        header = default;
        if (packet.Length != Length)
        {
            rejection = CommandRejection.WrongSize;
            return false;
        }

        rejection = CommandRejection.Malformed;
        var kind = (TargetKind)(packet[0] >> 6);
        var intent = (CommandIntent)(packet[0] & CommandIntents.MaxValue);
        var value = packet[1];
        var subject = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var counter = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var targetValid = kind switch
        {
            TargetKind.All => value == 0,
            TargetKind.Role => value <= (byte)Records.NodeRole.Hub,
            TargetKind.Node => true,
            _ => false,
        };
        // Unknown intents stay well-formed (a newer sender); a known one must carry a subject exactly when it needs one.
        var subjectValid = !CommandIntents.IsKnown(intent) || CommandIntents.NeedsSubject(intent) == (subject != 0);
        if (!targetValid || intent == 0 || counter == 0 || !subjectValid)
        {
            return false;
        }

        header = new CommandHeader(intent, new CommandTarget(kind, value), subject, counter);
        return true;
    }
}
