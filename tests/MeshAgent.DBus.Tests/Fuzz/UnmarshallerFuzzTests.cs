using System.Collections.Concurrent;
using System.Diagnostics;
using MeshAgent.DBus.Tests.Codec;

namespace MeshAgent.DBus.Tests.Fuzz;

public class UnmarshallerFuzzTests
{
    private const int Inputs = 1_000_000;
    private const int Seed = 20261122;

    // Decoding a valid ~500-byte message allocates a few KiB; a length field trusted for an
    // up-front allocation would show up as megabytes here.
    private const long MaxAllocationPerInput = 1 << 20;

    [Test, CancelAfter(600_000)]
    public void Decode_MillionMutatedMessages_ThrowsOnlyDBusFormatException()
    {
        var corpus = Corpus();
        var failures = new ConcurrentQueue<string>();
        var workers = Math.Max(2, Environment.ProcessorCount);
        var maxAllocated = new long[workers];
        var accepted = new int[workers];
        var stopwatch = Stopwatch.StartNew();

        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            var mutator = new Mutator(Seed + worker);
            var pick = new Random(Seed - worker);
            for (var i = worker; i < Inputs; i += workers)
            {
                var input = mutator.Mutate(corpus[pick.Next(corpus.Length)]);
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    var message = MessageDecoder.Decode(input);
                    _ = message.Arguments.Count;
                    accepted[worker]++;
                }
                catch (DBusFormatException)
                {
                    // The one expected outcome for bad input.
                }
#pragma warning disable CA1031 // Any other exception is the finding this test reports.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message} input={Convert.ToHexString(input)}");
                }

                maxAllocated[worker] = Math.Max(maxAllocated[worker], GC.GetAllocatedBytesForCurrentThread() - before);
            }
        });

        stopwatch.Stop();
        TestContext.Progress.WriteLine(
            $"fuzz: {Inputs:N0} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s ({Inputs / stopwatch.Elapsed.TotalSeconds:N0}/s on {workers} workers), " +
            $"{accepted.Sum():N0} decoded as valid, max allocation per input {maxAllocated.Max():N0} B");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        Assert.That(maxAllocated.Max(), Is.LessThan(MaxAllocationPerInput));
        Assert.That(accepted.Sum(), Is.GreaterThan(0), "no mutated input was valid: the mutations never reach the deep parsers");
    }

    private static byte[][] Corpus()
    {
        var captured = FixtureFile.MessageNames.Select(FixtureFile.Bytes);
        var nested = DBusMessage.CreateMethodCall("org.example.S", new DBusObjectPath("/o"), "org.example.I", "M",
        [
            DBusValue.SettingsMap([new("ipv4", [new("address-data", DBusValue.Array(DBusType.Parse("a{sv}"),
                [DBusValue.PropertyMap([new("address", DBusValue.String("10.0.0.1")), new("prefix", DBusValue.UInt32(24))])]))])]),
            DBusValue.Variant(DBusValue.Variant(DBusValue.Struct(DBusValue.Int64(-1), DBusValue.Double(2.5), DBusValue.UnixFd(0)))),
            DBusValue.Array(DBusType.Parse("aai"), [DBusValue.Array(DBusType.Parse("ai"), [DBusValue.Array(DBusType.Int32, [DBusValue.Int32(1)])])]),
            DBusValue.SignatureValue("a(yv)"),
            DBusValue.Array(DBusType.Parse("(qn)"), []),
        ]);
        return [.. captured, MessageEncoder.Encode(RoundTripTests.WithSerial(nested, 3))];
    }
}
