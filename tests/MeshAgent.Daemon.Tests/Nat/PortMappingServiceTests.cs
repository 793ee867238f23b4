using System.Net;
using MeshAgent.Core.Configuration;
using MeshAgent.Daemon.Events;
using MeshAgent.Daemon.Hosting;
using MeshAgent.Daemon.Nat;
using MeshAgent.Nat;
using MeshAgent.Nat.Keeping;
using Microsoft.Extensions.Logging.Abstractions;

namespace MeshAgent.Daemon.Tests.Nat;

/// <summary>The daemon's port-mapping service over in-process gateways on a fake clock: status, events, deletion on stop.</summary>
public sealed class PortMappingServiceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Run_PcpAndUpnpAnswer_PcpMappingInStatusAndEventsThenDeletedOnStop()
    {
        var time = new ManualTimeProvider(Start);
        var events = new RecordingPublisher();
        var mappers = new List<FakePortMapper>();
        IPAddress? askedGateway = null;
        using var service = Create(time, events, () => IPAddress.Parse("10.0.0.1"), gateway =>
        {
            askedGateway = gateway;
            FakePortMapper[] made = [new(time, PortMappingProtocol.NatPmp, answers: false), new(time, PortMappingProtocol.Pcp, answers: true), new(time, PortMappingProtocol.Upnp, answers: true)];
            mappers.AddRange(made);
            return made;
        });
        var mapped = WaitFor(service, PortMappingState.Mapped);

        await service.StartAsync(CancellationToken.None);
        await mapped.WaitAsync(Hang);
        var status = service.Status();
        await service.StopAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Multiple(() =>
        {
            Assert.That(askedGateway, Is.EqualTo(IPAddress.Parse("10.0.0.1")));
            Assert.That(status.State, Is.EqualTo("mapped"));
            Assert.That(status.Gateway, Is.EqualTo("10.0.0.1"));
            Assert.That(status.Protocol, Is.EqualTo("pcp"));
            Assert.That(status.ExternalEndpoint, Is.EqualTo("198.51.100.7:41641"));
            Assert.That(status.ExpiresAt, Is.EqualTo(Start + TimeSpan.FromHours(2)));
            Assert.That(status.Answered, Is.EqualTo(new[] { "pcp", "upnp" }));
            Assert.That(mappers.Single(m => m.Protocol == PortMappingProtocol.Pcp).Calls, Is.EqualTo(new[] { "probe", "map 51999", "unmap" }));
            Assert.That(service.Current.State, Is.EqualTo(PortMappingState.Stopped));
            Assert.That(events.Events.Select(e => (e.Type, e.Subject)), Is.All.EqualTo((MeshEventTypes.PortMappingChanged, "udp/51999")));
            Assert.That(events.Events.Select(e => e.Detail), Is.EqualTo(new[] { "mapped by pcp at 198.51.100.7:41641, until 2026-12-04 14:00:00Z", "deleted" }));
        });
    }

    [Test]
    public async Task Run_NoDefaultRouteNoConfiguredGateway_NoGatewayWithRetryAndNoMapper()
    {
        var time = new ManualTimeProvider(Start);
        var events = new RecordingPublisher();
        var made = 0;
        using var service = Create(time, events, () => null, _ =>
        {
            made++;
            return [];
        });
        var waiting = WaitFor(service, PortMappingState.NoGateway);

        await service.StartAsync(CancellationToken.None);
        await waiting.WaitAsync(Hang);
        var status = service.Status();
        await service.StopAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.Multiple(() =>
        {
            Assert.That(made, Is.Zero, "nothing to ask without a gateway");
            Assert.That(status.State, Is.EqualTo("no-gateway"));
            Assert.That(status.Gateway, Is.Null);
            Assert.That(status.Protocol, Is.Null);
            Assert.That(status.NextAttempt, Is.EqualTo(Start + TimeSpan.FromSeconds(30)));
            Assert.That(events.Events[0].Detail, Does.StartWith("not mapped: "));
        });
    }

    [Test]
    public async Task Run_ConfiguredGateway_AskedInsteadOfDefaultRoute()
    {
        var time = new ManualTimeProvider(Start);
        IPAddress? asked = null;
        using var service = Create(time, new RecordingPublisher(), () => IPAddress.Parse("10.0.0.1"), gateway =>
        {
            asked = gateway;
            return [new FakePortMapper(time, PortMappingProtocol.NatPmp, answers: true)];
        }, gateway: "192.168.1.254");
        var mapped = WaitFor(service, PortMappingState.Mapped);

        await service.StartAsync(CancellationToken.None);
        await mapped.WaitAsync(Hang);
        await service.StopAsync(CancellationToken.None).WaitAsync(Hang);

        Assert.That(asked, Is.EqualTo(IPAddress.Parse("192.168.1.254")));
    }

    [Test]
    public void WantsPortMapping_OnlyWithMeshAndAuto()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NatServices.WantsPortMapping(Config("nat: { port_mapping: auto }")), Is.True);
            Assert.That(NatServices.WantsPortMapping(Config("nat: { port_mapping: off }")), Is.False);
            Assert.That(NatServices.WantsPortMapping(Config(string.Empty)), Is.False, "no nat section");
        });
    }

    private static PortMappingService Create(ManualTimeProvider time, IMeshEventPublisher events, Func<IPAddress?> defaultGateway, Func<IPAddress, IReadOnlyList<IPortMapper>> mappers, string? gateway = null)
    {
        var config = Config(gateway is null ? "nat: { port_mapping: auto }" : $"nat: {{ port_mapping: auto, gateway: {gateway} }}");
        return new PortMappingService(
            new ConfigStore("test.yaml", config, NullLogger<ConfigStore>.Instance),
            time,
            events,
            NullLogger<PortMappingService>.Instance,
            null,
            new PortMappingKeeperOptions(),
            defaultGateway,
            mappers);
    }

    private static Task WaitFor(PortMappingService service, PortMappingState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Changed += snapshot =>
        {
            if (snapshot.State == state)
            {
                reached.TrySetResult();
            }
        };
        return reached.Task;
    }

    private static AgentConfig Config(string nat)
    {
        var loaded = AgentConfigLoader.Parse($$"""
            node: { name: spoke1 }
            mesh:
              prefix: 10.10.11.0/24
              listen_port: 51999
              hubs: [ { name: hub1, public_key: "WzHE5VeP55Y9SKKttB39UaAlIM4cTeo3UR9JftVlgVQ=", endpoint: "192.0.2.1:51820", address: 10.10.11.1 } ]
            {{nat}}
            """, "test.yaml");
        Assert.That(loaded.IsValid, Is.True, string.Join("\n", loaded.Problems));
        return loaded.Config!;
    }

    private sealed class RecordingPublisher : IMeshEventPublisher
    {
        private readonly Lock _gate = new();
        private readonly List<MeshEvent> _events = [];

        public IReadOnlyList<MeshEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return [.. _events];
                }
            }
        }

        public void Publish(MeshEvent meshEvent)
        {
            lock (_gate)
            {
                _events.Add(meshEvent);
            }
        }
    }
}
