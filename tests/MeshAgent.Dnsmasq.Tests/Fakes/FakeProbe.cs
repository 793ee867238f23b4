using MeshAgent.Dnsmasq.Probing;

namespace MeshAgent.Dnsmasq.Tests.Fakes;

/// <summary>A probe that answers as told.</summary>
internal sealed class FakeProbe : IDnsmasqProbe
{
    private int probes;

    public volatile bool Answers = true;

    public int Probes => Volatile.Read(ref probes);

    public Task<DnsmasqProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probes);
        return Task.FromResult(Answers
            ? new DnsmasqProbeResult(true, TimeSpan.FromMilliseconds(1), null)
            : new DnsmasqProbeResult(false, TimeSpan.FromSeconds(1), "fake: no answer"));
    }
}
