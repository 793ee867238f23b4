using MeshAgent.Core.Commands;
using MeshAgent.Core.Records;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// The daemon's effects of authority commands. Isolation and leaving change <see cref="CommandState"/>, which the
/// desired state reads, and then ask for an immediate reconcile pass: the peer goes through the same path as every
/// other change, so the next pass cannot put it back. Slow work (a dnsmasq restart, a graceful gossip leave) runs
/// off the receive thread. Thread-safe.
/// </summary>
public sealed partial class CommandEffects(
    CommandState state,
    Func<string> selfPublicKey,
    Action<string> requestPass,
    Func<Task>? restartDnsmasq,
    Func<Task>? leaveGossip,
    Func<Task>? rotateKey,
    ILogger<CommandEffects> logger) : ICommandEffects
{
    /// <inheritdoc />
    public void Apply(CommandIntent intent, NodeRecord? subject)
    {
        try
        {
            switch (intent)
            {
                case CommandIntent.Isolate when subject is not null:
                    if (subject.WireGuardPublicKey == selfPublicKey())
                    {
                        // The node being quarantined is the one not to trust; the others cut it off.
                        Log.SelfIsolationIgnored(logger);
                        return;
                    }

                    state.Isolate(subject.WireGuardPublicKey, subject.Name);
                    requestPass("command isolate");
                    break;
                case CommandIntent.Release when subject is not null:
                    state.Release(subject.WireGuardPublicKey, subject.Name);
                    requestPass("command release");
                    break;
                case CommandIntent.ReconcileNow:
                    requestPass("command reconcile-now");
                    break;
                case CommandIntent.RestartDnsmasq:
                    RunInBackground(restartDnsmasq, "restart-dnsmasq");
                    break;
                case CommandIntent.RotateKey:
                    RunInBackground(rotateKey, "rotate-key");
                    break;
                case CommandIntent.Leave:
                    state.MarkLeft();
                    requestPass("command leave");
                    RunInBackground(leaveGossip, "leave");
                    break;
            }
        }
        catch (IOException e)
        {
            Log.EffectFailed(logger, CommandIntents.Name(intent), e.Message);
        }
    }

    private void RunInBackground(Func<Task>? work, string intent)
    {
        if (work is null)
        {
            Log.NothingToDo(logger, intent);
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
            {
                Log.EffectFailed(logger, intent, e.Message);
            }
        });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1810, Level = LogLevel.Warning, Message = "Isolate command names this node itself; ignored (the other nodes drop its peer)")]
        public static partial void SelfIsolationIgnored(ILogger logger);

        [LoggerMessage(EventId = 1811, Level = LogLevel.Error, Message = "Authority command {Intent} failed: {Reason}")]
        public static partial void EffectFailed(ILogger logger, string intent, string reason);

        [LoggerMessage(EventId = 1812, Level = LogLevel.Information, Message = "Authority command {Intent}: nothing to do on this node")]
        public static partial void NothingToDo(ILogger logger, string intent);
    }
}
