using System.Diagnostics;
using System.Globalization;
using System.Net;
using MeshAgent.Core.Genesis;
using MeshAgent.Core.Records;

namespace MeshAgent.Core.Tests.Genesis;

public sealed class GenesisBeaconTests
{
    private const int Inputs = 1_000_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private static readonly MeshAuthority Authority = MeshAuthority.Create();

    private static readonly byte[] Seed = SeedOf(Authority);

    [Test]
    public void TryOpen_OfSeal_ReturnsTheHubs()
    {
        var datagram = Beacon(Now).Seal(Seed);

        var result = GenesisBeacon.TryOpen(datagram, Authority.PublicKey, Now.AddSeconds(2), MaxAge, out var beacon);

        Assert.That(result, Is.EqualTo(BeaconRejection.None));
        Assert.That(beacon!.SignedAt, Is.EqualTo(Now));
        Assert.That(beacon.Hubs.Select(h => (h.Name, h.Endpoint.ToString(), h.MeshIPv4.ToString(), Convert.ToBase64String(h.PublicKey))),
            Is.EqualTo(Beacon(Now).Hubs.Select(h => (h.Name, h.Endpoint.ToString(), h.MeshIPv4.ToString(), Convert.ToBase64String(h.PublicKey)))));
        Assert.That(datagram, Has.Length.LessThan(1280));
    }

    [Test]
    public void TryOpen_OtherAuthorityStaleOrFuture_Rejected()
    {
        var datagram = Beacon(Now).Seal(Seed);

        Assert.Multiple(() =>
        {
            Assert.That(GenesisBeacon.TryOpen(datagram, MeshAuthority.Create().PublicKey, Now, MaxAge, out _), Is.EqualTo(BeaconRejection.BadSignature));
            Assert.That(GenesisBeacon.TryOpen(datagram, Authority.PublicKey, Now + MaxAge + TimeSpan.FromSeconds(1), MaxAge, out _), Is.EqualTo(BeaconRejection.Stale));
            Assert.That(GenesisBeacon.TryOpen(datagram, Authority.PublicKey, Now - MaxAge - TimeSpan.FromSeconds(1), MaxAge, out _), Is.EqualTo(BeaconRejection.FromTheFuture));
            Assert.That(GenesisBeacon.TryOpen(datagram.AsSpan(0, datagram.Length - 1), Authority.PublicKey, Now, MaxAge, out _), Is.EqualTo(BeaconRejection.Malformed));
        });
    }

    [Test]
    public void TryOpen_MillionRandomAndMutatedDatagrams_NeverThrow_NoneAccepted()
    {
        var random = new Random(20261204);
        var valid = Beacon(Now).Seal(Seed);
        var byReason = new Dictionary<BeaconRejection, int>();
        var buffer = new byte[valid.Length + 64];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            ReadOnlySpan<byte> input;
            if (i % 2 == 0)
            {
                var length = random.Next(0, buffer.Length + 1);
                random.NextBytes(buffer.AsSpan(0, length));
                // Half of the random inputs carry a valid envelope header, so they get as far as the signature.
                if (length >= 7 && random.Next(2) == 0)
                {
                    valid.AsSpan(0, 7).CopyTo(buffer);
                }

                input = buffer.AsSpan(0, length);
            }
            else
            {
                input = Mutate(random, valid, buffer);
            }

            var reason = GenesisBeacon.TryOpen(input, Authority.PublicKey, Now, MaxAge, out _);
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Inputs} datagrams in {clock.Elapsed.TotalSeconds:0.00} s: {string.Join(", ", byReason.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}"));
        Assert.That(byReason.GetValueOrDefault(BeaconRejection.None), Is.Zero);
    }

    [Test]
    public void Decode_MillionRandomAndMutatedPayloads_NeverThrows()
    {
        // The payload decoder only ever sees signed bytes; it is fuzzed directly so that a bug in the authority's
        // encoder could not turn into an out-of-range read on every node.
        var random = new Random(6479);
        var (payload, _) = SignedEnvelope.Open(Beacon(Now).Seal(Seed), EnvelopeKind.GenesisBeacon);
        var buffer = new byte[payload.Length + 64];
        var decoded = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Inputs; i++)
        {
            ReadOnlySpan<byte> input;
            if (i % 4 == 0)
            {
                var length = random.Next(0, buffer.Length + 1);
                random.NextBytes(buffer.AsSpan(0, length));
                input = buffer.AsSpan(0, length);
            }
            else
            {
                input = Mutate(random, payload, buffer);
            }

            if (GenesisBeacon.Decode(input) is { } beacon)
            {
                decoded++;
                Assert.That(beacon.Hubs, Has.Count.InRange(1, GenesisBeacon.MaxHubs));
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Inputs} payloads in {clock.Elapsed.TotalSeconds:0.00} s, {decoded} decoded"));
        Assert.That(decoded, Is.GreaterThan(0), "some mutations (in key or address bytes) must still decode, or the fuzzer only tests the first check");
    }

    private static ReadOnlySpan<byte> Mutate(Random random, byte[] valid, byte[] buffer)
    {
        valid.CopyTo(buffer, 0);
        var length = valid.Length;
        switch (random.Next(3))
        {
            case 0:
                for (var f = random.Next(1, 4); f > 0; f--)
                {
                    buffer[random.Next(length)] ^= (byte)random.Next(1, 256);
                }

                break;
            case 1:
                length = random.Next(0, length);
                break;
            default:
                var extra = random.Next(1, buffer.Length - length + 1);
                random.NextBytes(buffer.AsSpan(length, extra));
                length += extra;
                break;
        }

        return buffer.AsSpan(0, length);
    }

    private static GenesisBeacon Beacon(DateTimeOffset at) => new(at,
    [
        new BeaconHub("hub1", [.. Enumerable.Range(0, 32).Select(i => (byte)i)], IPEndPoint.Parse("192.0.2.1:51820"), IPAddress.Parse("10.10.11.1")),
        new BeaconHub("hub2", [.. Enumerable.Range(32, 32).Select(i => (byte)i)], IPEndPoint.Parse("[2001:db8::2]:51821"), IPAddress.Parse("10.10.11.2")),
    ]);

    private static byte[] SeedOf(MeshAuthority authority)
    {
        var path = Path.Combine(Path.GetTempPath(), "beacon-seed-" + Guid.NewGuid().ToString("N"));
        try
        {
            authority.Save(path);
            return SecretFile.ReadKey(path, 32);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
