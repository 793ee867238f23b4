using MeshAgent.Core.Api;
using MeshAgent.Daemon.Mesh;
using MeshAgent.Daemon.Prometheus;

namespace MeshAgent.Daemon.Tests.Mesh;

/// <summary>Per-peer series through the real exporter: read at scrape time, gone with the peer.</summary>
public class PeerMetricsTests
{
    private const string HubKey = "HUBxxxxxKEYbase64aaaaaaaaaaaaaaaaaaaaaaaaa=";
    private const string DirectKey = "DIRxxxxxKEYbase64bbbbbbbbbbbbbbbbbbbbbbbbb=";

    private List<PeerInfo> _peers = [];
    private List<string> _relayed = [];
    private HashSet<string> _down = [];
    private PeerMetrics _metrics = null!;
    private MetricsExporter _exporter = null!;

    [SetUp]
    public void Create()
    {
        _peers =
        [
            Peer("hub-1", HubKey, "hub", null, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 1000, 2000),
            Peer("spoke-b", DirectKey, "direct", "established", null, 0, 148),
        ];
        _relayed = ["spoke-c"];
        _down = [];
        _metrics = new PeerMetrics(_ => Task.FromResult<IReadOnlyList<PeerInfo>>([.. _peers]), () => _relayed, name => !_down.Contains(name));
        _exporter = new MetricsExporter(m => m.Name == PeerMetrics.MeterName, includeProcessMetrics: false, sources: [_metrics]);
    }

    [TearDown]
    public void Dispose()
    {
        _exporter.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public async Task Scrape_TwoPeersAndARelayedMember_SeriesPerPeerWithNameAndShortKey()
    {
        var text = await _exporter.ScrapeAsync();

        Assert.That(text, Does.Contain("meshagent_peer_last_handshake_seconds{key=\"HUBxxxxx\",kind=\"hub\",peer=\"hub-1\"} 1700000000\n"));
        Assert.That(text, Does.Contain("meshagent_peer_last_handshake_seconds{key=\"DIRxxxxx\",kind=\"direct\",peer=\"spoke-b\"} 0\n"), "0 before the first handshake");
        Assert.That(text, Does.Contain("meshagent_peer_receive_bytes_total{key=\"HUBxxxxx\",peer=\"hub-1\"} 1000\n"));
        Assert.That(text, Does.Contain("meshagent_peer_transmit_bytes_total{key=\"DIRxxxxx\",peer=\"spoke-b\"} 148\n"));
        Assert.That(text, Does.Contain("meshagent_peer_expected_up{peer=\"spoke-b\"} 1\n"));
        Assert.That(text, Does.Contain("meshagent_peer_path_info{kind=\"relayed\",peer=\"spoke-c\"} 1\n"));
        Assert.That(text, Does.Contain("meshagent_peer_path_info{kind=\"direct\",peer=\"spoke-b\"} 1\n"));
    }

    [Test]
    public async Task Scrape_PeerGone_EverySeriesOfItVanishes()
    {
        var before = await _exporter.ScrapeAsync();
        _peers.RemoveAll(p => p.Name == "spoke-b");
        _relayed.Clear();

        var after = await _exporter.ScrapeAsync();

        Assert.That(before, Does.Contain("peer=\"spoke-b\""));
        Assert.That(after, Does.Not.Contain("peer=\"spoke-b\""));
        Assert.That(after, Does.Not.Contain("peer=\"spoke-c\""));
        Assert.That(after, Does.Contain("meshagent_peer_receive_bytes_total{key=\"HUBxxxxx\",peer=\"hub-1\"} 1000\n"));
    }

    [Test]
    public async Task Scrape_PunchedDirectPeer_ViaSeriesOnlyWhileDirect()
    {
        _peers[1] = _peers[1] with { Via = "punched" };

        var up = await _exporter.ScrapeAsync();
        _peers[1] = _peers[1] with { DirectPath = "failed" };
        var failed = await _exporter.ScrapeAsync();

        Assert.That(up, Does.Contain("meshagent_peer_direct_via_info{peer=\"spoke-b\",via=\"punched\"} 1\n"));
        Assert.That(up, Does.Not.Contain("meshagent_peer_direct_via_info{peer=\"hub-1\""), "hubs have no via");
        Assert.That(failed, Does.Not.Contain("meshagent_peer_direct_via_info{peer=\"spoke-b\""), "a failed direct path is relayed");
    }

    [Test]
    public async Task Scrape_DirectPathFailedAndMemberDown_RelayedAndNotExpectedUp()
    {
        _peers[1] = _peers[1] with { DirectPath = "failed" };
        _down.Add("spoke-b");

        var text = await _exporter.ScrapeAsync();

        Assert.That(text, Does.Contain("meshagent_peer_path_info{kind=\"relayed\",peer=\"spoke-b\"} 1\n"));
        Assert.That(text, Does.Contain("meshagent_peer_expected_up{peer=\"spoke-b\"} 0\n"));
    }

    [Test]
    public async Task Scrape_CountersGrow_ReadFreshEachScrape()
    {
        await _exporter.ScrapeAsync();
        _peers[0] = _peers[0] with { ReceiveBytes = 5000 };

        var text = await _exporter.ScrapeAsync();

        Assert.That(text, Does.Contain("meshagent_peer_receive_bytes_total{key=\"HUBxxxxx\",peer=\"hub-1\"} 5000\n"));
    }

    private static PeerInfo Peer(string name, string key, string path, string? directPath, DateTimeOffset? handshake, long rx, long tx) =>
        new(name, key, path, directPath, "192.0.2.1:51820", ["10.99.0.1/32"], handshake, rx, tx);
}
