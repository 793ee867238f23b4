using System.Diagnostics.Metrics;
using MeshAgent.Core.Commands;

namespace MeshAgent.Daemon.Commands;

/// <summary>
/// Instruments of the meter "MeshAgent.Commands": commands executed by intent, datagrams dropped by reason
/// (every reason exported from 0, so a rate is defined before the first drop), and the isolated peers. Thread-safe.
/// </summary>
public sealed class CommandMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "MeshAgent.Commands";

    private readonly Counter<long> _executed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _sent;

    /// <summary>Creates the instruments; <paramref name="isolated"/> is read at each scrape.</summary>
    public CommandMetrics(Func<int> isolated)
    {
        ArgumentNullException.ThrowIfNull(isolated);
        Meter = new Meter(MeterName);
        _executed = Meter.CreateCounter<long>("meshagent_commands_executed_total", description: "Authority commands taken and acted on, by intent.");
        _dropped = Meter.CreateCounter<long>("meshagent_commands_dropped_total", description: "Datagrams on the command port that were not acted on, by reason.");
        _sent = Meter.CreateCounter<long>("meshagent_commands_sent_total", description: "Command packets this admin node sent (or applied to itself), by intent.");
        foreach (var rejection in CommandRejections.All)
        {
            _dropped.Add(0, new KeyValuePair<string, object?>("reason", CommandRejections.Label(rejection)));
        }

        foreach (var name in CommandIntents.Names)
        {
            _executed.Add(0, new KeyValuePair<string, object?>("intent", name));
        }

        Meter.CreateObservableGauge("meshagent_commands_isolated_peers", () => isolated(), description: "Nodes isolated on this node by authority command.");
    }

    /// <summary>The meter.</summary>
    public Meter Meter { get; }

    /// <summary>Counts a command acted on.</summary>
    public void Executed(CommandIntent intent) => _executed.Add(1, new KeyValuePair<string, object?>("intent", CommandIntents.Name(intent)));

    /// <summary>Counts a datagram dropped for <paramref name="rejection"/>.</summary>
    public void Dropped(CommandRejection rejection) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", CommandRejections.Label(rejection)));

    /// <summary>Counts <paramref name="packets"/> sent for <paramref name="intent"/>.</summary>
    public void Sent(CommandIntent intent, int packets) => _sent.Add(packets, new KeyValuePair<string, object?>("intent", CommandIntents.Name(intent)));

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
