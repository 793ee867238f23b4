using System.Net;

namespace MeshAgent.Nat.Tests;

/// <summary>An in-process mapper for the keeper's logic: answers as scripted and records every call.</summary>
internal sealed class ScriptedPortMapper(TimeProvider time) : IPortMapper
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    public PortMappingProtocol Protocol { get; init; } = PortMappingProtocol.NatPmp;

    public bool Answers { get; set; } = true;

    public bool RefusesMapping { get; set; }

    public IPEndPoint External { get; set; } = new(IPAddress.Parse("198.51.100.20"), 51820);

    /// <summary>The epoch the gateway reports now: start + elapsed, unless a restart reset it.</summary>
    public uint Epoch { get; set; } = 1000;

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

    public int CountOf(string call) => Calls.Count(c => c == call);

    public Task<bool> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Record("probe");
        return Task.FromResult(Answers);
    }

    public Task<PortMapping> MapUdpAsync(ushort internalPort, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        Record("map");
        return RefusesMapping
            ? Task.FromException<PortMapping>(new PortMappingException(Protocol, "map", 2, "refused: NotAuthorized"))
            : Task.FromResult(new PortMapping(Protocol, internalPort, External, lifetime, time.GetUtcNow(), Epoch));
    }

    public Task<GatewayObservation?> ObserveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Record("observe");
        return Task.FromResult<GatewayObservation?>(Answers ? new GatewayObservation(External.Address, Epoch) : null);
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
