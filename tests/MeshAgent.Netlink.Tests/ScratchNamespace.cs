using System.Diagnostics;

namespace MeshAgent.Netlink.Tests;

/// <summary>
/// A network namespace owned by one test (name "manl" + 6 random hex chars), deleted on dispose even
/// after a failure. Needs root and ip(8).
/// </summary>
internal sealed class ScratchNamespace : IAsyncDisposable
{
    private ScratchNamespace(string name) => Name = name;

    /// <summary>The namespace name.</summary>
    public string Name { get; }

    /// <summary>The namespace's bind mount, for NetlinkSocket.Open.</summary>
    public string Path => $"/run/netns/{Name}";

    /// <summary>
    /// Ignores the test unless we are root with ip(8); under CI=true a missing prerequisite fails instead.
    /// </summary>
    public static void Require()
    {
        string? missing = Environment.UserName != "root" ? "not running as root"
            : !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip") ? "ip(8) not installed (apt: iproute2)"
            : null;
        if (missing is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"Lab prerequisite missing under CI: {missing}");
        }

        Assert.Ignore($"Lab test skipped: {missing}");
    }

    /// <summary>Creates the namespace with lo up.</summary>
    public static async Task<ScratchNamespace> CreateAsync()
    {
        var ns = new ScratchNamespace("manl" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3)));
        await Run("ip", "netns", "add", ns.Name);
        await ns.RunAsync("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs a command inside the namespace; throws with its stderr on a non-zero exit.</summary>
    public Task<string> RunAsync(params string[] command) => Run(["ip", "netns", "exec", Name, .. command]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Run("ip", "netns", "del", Name);

    private static async Task<string> Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
