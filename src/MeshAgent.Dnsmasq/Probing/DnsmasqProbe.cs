using System.Net;
using System.Net.Sockets;
using MeshAgent.Dnsmasq.Configuration;
using MeshAgent.Dnsmasq.Rendering;

namespace MeshAgent.Dnsmasq.Probing;

/// <summary>
/// Asks dnsmasq on loopback for the probe name that the renderer writes into the mesh hosts file and
/// expects <see cref="DnsmasqRenderer.ProbeAddress"/>. An answer proves dnsmasq runs, listens and has
/// loaded our hosts files.
/// </summary>
public sealed class DnsmasqProbe : IDnsmasqProbe
{
    /// <summary>How long one probe waits for its answer: loopback answers take well under a millisecond.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly DnsClient client;
    private readonly IPEndPoint server;
    private readonly string name;
    private readonly TimeProvider time;

    /// <summary>Creates the probe for dnsmasq run with <paramref name="options"/>.</summary>
    public DnsmasqProbe(DnsmasqOptions options, TimeProvider time)
        : this(options, time, new DnsClient())
    {
    }

    // For tests: the lab passes a client whose sockets live in the lab host's namespace.
    internal DnsmasqProbe(DnsmasqOptions options, TimeProvider time, DnsClient client)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        this.time = time;
        server = new IPEndPoint(IPAddress.Loopback, options.Port);
        name = options.ProbeName + "." + options.MeshDomain;
    }

    /// <summary>The name asked for, e.g. "meshagent-probe.mesh".</summary>
    public string Name => name;

    /// <inheritdoc />
    public async Task<DnsmasqProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var response = await client.QueryAsync(server, name, DnsMessageCodec.TypeA, Timeout, cancellationToken);
            var latency = time.GetElapsedTime(started);
            if (response.ResponseCode != DnsResponseCode.NoError)
            {
                return new DnsmasqProbeResult(false, latency, $"{name}: {response.ResponseCode}");
            }

            return response.Answers.Any(a => DnsmasqRenderer.ProbeAddress.Equals(a.Address))
                ? new DnsmasqProbeResult(true, latency, null)
                : new DnsmasqProbeResult(false, latency, $"{name}: no {DnsmasqRenderer.ProbeAddress} in the answer");
        }
        catch (Exception e) when (e is TimeoutException or SocketException)
        {
            return new DnsmasqProbeResult(false, time.GetElapsedTime(started), e.Message);
        }
    }
}
