using System.CommandLine;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary>
/// <c>meshctl wg syncconf IFACE FILE</c>: converges the device to the file sending only the difference
/// (unchanged peers keep their sessions), through <see cref="DeviceDiff"/>.
/// </summary>
internal static class WgSyncconfCommand
{
    public static Command Create() => WgConfFile.CreateCommand("syncconf",
        "Synchronizes a configuration file to a WireGuard interface, changing only what differs",
        async (client, name, config, ct) =>
        {
            var actual = await client.GetDeviceAsync(name, ct);
            var change = DeviceDiff.Compute(config.ToDesiredDevice(name), actual);
            if (!DeviceDiff.IsEmpty(change))
            {
                await client.ConfigureDeviceAsync(name, change, ct);
            }
        });
}
