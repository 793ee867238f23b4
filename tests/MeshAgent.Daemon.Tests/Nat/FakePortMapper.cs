using System.Net;
using MeshAgent.Nat;

namespace MeshAgent.Daemon.Tests.Nat;

/// <summary>A gateway in process for the daemon's port-mapping service: answers as told and records each call.</summary>
internal sealed class FakePortMapper(TimeProvider time, PortMappingProtocol protocol, bool answers) : IPortMapper
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    public PortMappingProtocol Protocol => protocol;

    public IPEndPoint External { get; init; } = new(IPAddress.Parse("198.51.100.7"), 41641);

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Record("probe");
        return Task.FromResult(answers);
    }

    public Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        Record($"map {internalPort}");
        return Task.FromResult(new PortMapping(protocol, internalPort, External, lifetime, time.GetUtcNow(), 100));
    }

    public Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Record("observe");
        return Task.FromResult<GatewayObservation?>(new GatewayObservation(External.Address, 100));
    }

    public Task UnmapAsync(CancellationToken cancellationToken)
    {
        Record("unmap");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Record(string call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }
}
