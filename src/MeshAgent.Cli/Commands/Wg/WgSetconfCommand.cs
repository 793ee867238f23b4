using System.CommandLine;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg setconf IFACE FILE</c>: replaces the device's configuration with the file.</summary>
internal static class WgSetconfCommand
{
    public static Command Create() => WgConfFile.CreateCommand("setconf", "Applies a configuration file to a WireGuard interface",
        (client, name, config, ct) => client.ConfigureDeviceAsync(name, config.ToDeviceConfig(append: false), ct));
}
