using System.CommandLine;

namespace MeshAgent.Cli.Commands.Wg;

/// <summary><c>meshctl wg addconf IFACE FILE</c>: appends the file's peers and settings to the device.</summary>
internal static class WgAddconfCommand
{
    public static Command Create() => WgConfFile.CreateCommand("addconf", "Appends a configuration file to a WireGuard interface",
        (client, name, config, ct) => client.ConfigureDeviceAsync(name, config.ToDeviceConfig(append: true), ct));
}
