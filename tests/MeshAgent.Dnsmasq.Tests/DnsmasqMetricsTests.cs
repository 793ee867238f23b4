using System.Diagnostics.Metrics;
using MeshAgent.Dnsmasq.Metrics;
using MeshAgent.Dnsmasq.Tests.Fakes;

namespace MeshAgent.Dnsmasq.Tests;

public sealed class DnsmasqMetricsTests
{
    [Test]
    public async Task Instruments_SupervisorLifecycle_ReportUpRestartsReloadsLeasesProbe()
    {
        await using var rig = new SupervisorRig();
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DnsmasqMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => Record(values, i.Name, v));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => Record(values, i.Name, v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => Record(values, i.Name, v));
        listener.Start();

        await rig.StartReadyAsync();
        await File.WriteAllTextAsync(rig.Render().Paths.LeaseFile, "1795351200 02:00:00:00:00:0a 10.10.10.10 fileserv *\n1795351200 02:00:00:00:00:0b 10.10.10.150 * *\n");
        await rig.Supervisor.ReloadAsync(rig.Render(), CancellationToken.None);
        var delay = await rig.CrashAndWaitForScheduleAsync(Supervision.DnsmasqState.Backoff);
        listener.RecordObservableInstruments();
        var upWhileDown = values["meshagent_dnsmasq_up"];
        rig.Clock.Advance(delay);
        await Eventually.TrueAsync(() => rig.Supervisor.Status.IsReady, "ready again");
        listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(upWhileDown, Is.Zero);
            Assert.That(values["meshagent_dnsmasq_up"], Is.EqualTo(1));
            Assert.That(values["meshagent_dnsmasq_leases"], Is.EqualTo(2));
            Assert.That(values["meshagent_dnsmasq_reloads_total"], Is.EqualTo(1));
            Assert.That(values["meshagent_dnsmasq_restarts_total"], Is.EqualTo(1));
            Assert.That(values["meshagent_dnsmasq_probe_duration_seconds"], Is.EqualTo(0.001).Within(1e-9));
        });
    }

    private static void Record(Dictionary<string, double> values, string name, double value)
    {
        lock (values)
        {
            // Counters report increments; gauges and the histogram report values.
            values[name] = name.EndsWith("_total", StringComparison.Ordinal) ? values.GetValueOrDefault(name) + value : value;
        }
    }
}
