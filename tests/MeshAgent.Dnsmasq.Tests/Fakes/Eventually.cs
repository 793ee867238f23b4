namespace MeshAgent.Dnsmasq.Tests.Fakes;

/// <summary>Waits (in real time, guarded) for background loops driven by the fake clock to catch up.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for: " + what);
            }

            await Task.Delay(5);
        }
    }
}
