using System.Net;
using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// Decides what to do with one datagram that reached the command port, in this order: size, source inside the
/// mesh prefix, well-formed fields, MAC under this node's own key, counter fresh in the persisted replay window
/// (taken, durably, before anything is done), target selector, intent known, subject resolved to exactly one
/// verified record. Only then <see cref="ICommandEffects.Apply"/>. Every refusal is counted by reason; nothing is
/// ever sent back. Only authentic packets move the window, so forgeries cannot push it. Thread-safe.
/// </summary>
public sealed partial class CommandProcessor(
    Func<CommandMacKey> keyInUse,
    PersistentReplayWindow window,
    Func<NodeRecord?> self,
    Func<IEnumerable<NodeRecord>> records,
    IPNetwork meshPrefix,
    ICommandEffects effects,
    CommandMetrics metrics,
    ILogger<CommandProcessor> logger)
{
    /// <summary>Creates the processor for a node whose key never changes.</summary>
    public CommandProcessor(
        CommandMacKey key,
        PersistentReplayWindow window,
        Func<NodeRecord?> self,
        Func<IEnumerable<NodeRecord>> records,
        IPNetwork meshPrefix,
        ICommandEffects effects,
        CommandMetrics metrics,
        ILogger<CommandProcessor> logger)
        : this(() => key, window, self, records, meshPrefix, effects, metrics, logger)
    {
    }

    /// <summary>Checks and, when everything holds, executes <paramref name="datagram"/> from <paramref name="source"/>; returns the refusal or null.</summary>
    public CommandRejection? Handle(ReadOnlySpan<byte> datagram, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var rejection = Check(datagram, source, out var header, out var subject);
        if (rejection is { } refused)
        {
            metrics.Dropped(refused);
            Log.Dropped(logger, source, datagram.Length, refused);
            return refused;
        }

        Log.Executing(logger, header.Intent, subject?.Name ?? "-", header.Counter, source);
        effects.Apply(header.Intent, subject);
        metrics.Executed(header.Intent);
        return null;
    }

    private CommandRejection? Check(ReadOnlySpan<byte> datagram, IPAddress source, out CommandHeader header, out NodeRecord? subject)
    {
        header = default;
        subject = null;
        if (datagram.Length != CommandPacket.Length)
        {
            return CommandRejection.WrongSize;
        }

        if (!meshPrefix.Contains(source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source))
        {
            return CommandRejection.ForeignSource;
        }

        if (!CommandPacket.TryParse(datagram, out header, out var malformed))
        {
            return malformed;
        }

        // The key follows this node's WireGuard key, which a rotation replaces.
        if (!keyInUse().Verifies(datagram))
        {
            return CommandRejection.BadMac;
        }

        try
        {
            if (!window.TryTake(header.Counter))
            {
                return CommandRejection.Replayed;
            }
        }
        catch (IOException e)
        {
            Log.WindowUnwritable(logger, e.Message);
            return CommandRejection.StateUnwritable;
        }

        if (self() is not { } own || !header.Target.Selects(own.Role, NodeHostId.Of(own.MeshIPv4)))
        {
            return CommandRejection.NotSelected;
        }

        if (!CommandIntents.IsKnown(header.Intent))
        {
            return CommandRejection.UnknownIntent;
        }

        if (CommandIntents.NeedsSubject(header.Intent))
        {
            var subjectId = header.Subject;
            var matches = records().Where(r => NodeHostId.Of(r.MeshIPv4) == subjectId).Take(2).ToList();
            if (matches.Count != 1)
            {
                // None known yet, or two records share the host id (a prefix wider than /16): never guess.
                return CommandRejection.UnknownSubject;
            }

            subject = matches[0];
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "Authority command {Intent} (subject {Subject}, counter {Counter}) from {Address}")]
        public static partial void Executing(ILogger logger, CommandIntent intent, string subject, uint counter, IPAddress address);

        [LoggerMessage(EventId = 1801, Level = LogLevel.Debug, Message = "Command datagram of {Length} bytes from {Address} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, IPAddress address, int length, CommandRejection reason);

        [LoggerMessage(EventId = 1802, Level = LogLevel.Error, Message = "Cannot store the command replay window: {Reason}; commands are refused until it can be stored")]
        public static partial void WindowUnwritable(ILogger logger, string reason);
    }
}
