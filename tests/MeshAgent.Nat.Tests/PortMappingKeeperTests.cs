using System.Net;
using System.Threading.Channels;
using MeshAgent.Nat.Keeping;

namespace MeshAgent.Nat.Tests;

/// <summary>The keeper's pacing and reactions on a manual clock; each step waits for the keeper to park, never for time.</summary>
[TestFixture]
public sealed class PortMappingKeeperTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private ManualTimeProvider _time = null!;
    private ScriptedPortMapper _mapper = null!;
    private PortMappingKeeper _keeper = null!;
    private Channel<DateTimeOffset> _parked = null!;
    private List<PortMappingChange> _changes = null!;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider(Start);
        _mapper = new ScriptedPortMapper(_time);
        _parked = Channel.CreateUnbounded<DateTimeOffset>();
        _changes = [];
        _stop = new CancellationTokenSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Generous);
        }

        _stop.Dispose();
        await _mapper.DisposeAsync();
    }

    [Test]
    public async Task RunAsync_SilentGateway_OneProbePerAttemptWithDoublingBackoff()
    {
        _mapper.Answers = false;
        StartKeeper(new PortMappingKeeperOptions());

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var wake = await NextParkAsync();
            waits.Add(wake - _time.GetUtcNow());
            _time.Advance(wake - _time.GetUtcNow());
        }

        await NextParkAsync();
        Assert.Multiple(() =>
        {
            Assert.That(waits.Select(w => w.TotalSeconds), Is.EqualTo(new[] { 30.0, 60, 120, 240, 480, 900, 900 }));
            Assert.That(_mapper.CountOf("probe"), Is.EqualTo(8), "one probe per attempt, none in between");
            Assert.That(_keeper.Current.State, Is.EqualTo(PortMappingState.NoGateway));
            Assert.That(_keeper.Current.NextAttempt, Is.EqualTo(_time.GetUtcNow() + TimeSpan.FromMinutes(15)));
        });
    }

    [Test]
    public async Task RunAsync_Mapped_RenewsAtHalfLifetime()
    {
        StartKeeper(new PortMappingKeeperOptions { CheckInterval = TimeSpan.FromHours(3) });

        var wake = await NextParkAsync();
        Assert.That(wake, Is.EqualTo(Start + TimeSpan.FromHours(1)), "renewal at half of 2 h");
        _time.Advance(TimeSpan.FromHours(1));
        await NextParkAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_mapper.Calls, Is.EqualTo(new[] { "probe", "map", "map" }));
            Assert.That(_changes, Is.EqualTo(new[] { PortMappingChange.Mapped, PortMappingChange.Renewed }));
            Assert.That(_keeper.Current.Mapping!.External, Is.EqualTo(_mapper.External));
        });
    }

    [Test]
    public async Task RunAsync_EpochGoesBackwards_MapsAgainAtOnce()
    {
        StartKeeper(new PortMappingKeeperOptions());
        await NextParkAsync();
        _mapper.Epoch = 1060;
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextParkAsync();

        _mapper.Epoch = 3;
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextParkAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_mapper.Calls, Is.EqualTo(new[] { "probe", "map", "observe", "observe", "map" }));
            Assert.That(_changes, Is.EqualTo(new[] { PortMappingChange.Mapped, PortMappingChange.GatewayRestarted }));
        });
    }

    [Test]
    public async Task RunAsync_EpochAdvancesWithTime_NoRemap()
    {
        StartKeeper(new PortMappingKeeperOptions());
        await NextParkAsync();
        for (var minute = 1; minute <= 5; minute++)
        {
            _mapper.Epoch = 1000 + (uint)(minute * 60);
            _time.Advance(TimeSpan.FromMinutes(1));
            await NextParkAsync();
        }

        Assert.That(_mapper.CountOf("map"), Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_ExternalAddressChanges_MapsAgainAndReportsIt()
    {
        StartKeeper(new PortMappingKeeperOptions());
        await NextParkAsync();

        _mapper.Epoch = 1060;
        _mapper.External = new IPEndPoint(IPAddress.Parse("198.51.100.99"), 51820);
        _time.Advance(TimeSpan.FromMinutes(1));
        await NextParkAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_changes, Is.EqualTo(new[] { PortMappingChange.Mapped, PortMappingChange.ExternalChanged }));
            Assert.That(_keeper.Current.Mapping!.External.Address, Is.EqualTo(IPAddress.Parse("198.51.100.99")));
        });
    }

    [Test]
    public async Task RunAsync_MappingRefused_BacksOffThenProbesAgain()
    {
        _mapper.RefusesMapping = true;
        StartKeeper(new PortMappingKeeperOptions());

        var wake = await NextParkAsync();
        Assert.Multiple(() =>
        {
            Assert.That(wake - Start, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(_keeper.Current.State, Is.EqualTo(PortMappingState.Failed));
            Assert.That(_keeper.Current.Problem, Does.Contain("NotAuthorized"));
        });

        _mapper.RefusesMapping = false;
        _time.Advance(TimeSpan.FromSeconds(30));
        await NextParkAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_mapper.Calls, Is.EqualTo(new[] { "probe", "map", "probe", "map" }));
            Assert.That(_keeper.Current.State, Is.EqualTo(PortMappingState.Mapped));
        });
    }

    [Test]
    public async Task RunAsync_Stopped_DeletesTheMapping()
    {
        StartKeeper(new PortMappingKeeperOptions());
        await NextParkAsync();

        await _stop.CancelAsync();
        await _run.WaitAsync(Generous);

        Assert.Multiple(() =>
        {
            Assert.That(_mapper.Calls, Is.EqualTo(new[] { "probe", "map", "unmap" }));
            Assert.That(_keeper.Current.State, Is.EqualTo(PortMappingState.Stopped));
            Assert.That(_keeper.Current.Problem, Is.Null);
            Assert.That(_changes.Last(), Is.EqualTo(PortMappingChange.Stopped));
        });
    }

    private void StartKeeper(PortMappingKeeperOptions options)
    {
        _keeper = new PortMappingKeeper(() => [_mapper], 51820, options, _time)
        {
            Waiting = wake => _parked.Writer.TryWrite(wake),
        };
        _keeper.Changed += (change, _) => _changes.Add(change);
        _run = Task.Run(() => _keeper.RunAsync(_stop.Token));
    }

    private async Task<DateTimeOffset> NextParkAsync() => await _parked.Reader.ReadAsync().AsTask().WaitAsync(Generous);
}
