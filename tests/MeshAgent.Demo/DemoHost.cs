using MeshAgent.Lab;

namespace MeshAgent.Demo;

/// <summary>One demo host: its lab host, underlay address, config and running daemon.</summary>
internal sealed record DemoHost(LabHost Host, string Address, string ConfigPath, string ApiSocket, LabProcess Daemon)
{
    public string MetricsUrl => $"http://{Address}:9473/metrics";

    public string ReadyUrl => $"http://{Address}:9473/health/ready";
}
