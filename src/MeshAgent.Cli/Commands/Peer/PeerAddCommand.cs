using System.CommandLine;
using System.Text;
using MeshAgent.Core.Api;
using MeshAgent.Core.Clients;
using MeshAgent.Core.Configuration;
using MeshAgent.WireGuard;

namespace MeshAgent.Cli.Commands.Peer;

/// <summary>
/// <c>meshctl peer add NAME [--hub H] [--address A] [--pubkey K] [--dns] [--allowed-ips mesh|all] [--qr] [--out FILE]
/// [--keep]</c> (admin node): the authority signs a record of kind client; meshctl prints the device's wg-quick config.
/// The key pair is made here, so the private key never reaches the daemon; it is printed once and stored only with
/// <c>--keep</c> (0600, in the daemon's state directory). With <c>--pubkey</c> the device keeps its own key and the
/// config leaves the PrivateKey line for the device to fill in.
/// </summary>
internal static class PeerAddCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The device's name (a DNS label): NAME.mesh resolves to it" };
        var hub = new Option<string?>("--hub") { Description = "The hub it connects to; default: this node if it is a hub, else the first hub" };
        var address = new Option<string?>("--address") { Description = "Its mesh IPv4 address; default: a free one" };
        var pubkey = new Option<string?>("--pubkey") { Description = "The device's own public key: its private key never leaves it" };
        var dns = new Option<bool>("--dns") { Description = "Use the hub's dnsmasq for DNS (names like spoke1.mesh)" };
        var allowed = new Option<string>("--allowed-ips")
        {
            Description = "mesh: the mesh prefix and LAN subnets through the tunnel; all: everything (0.0.0.0/0, ::/0)",
            DefaultValueFactory = _ => "mesh",
        };
        allowed.AcceptOnlyFromAmong("mesh", "all");
        var qr = new Option<bool>("--qr") { Description = "Also print the config as a QR code for the WireGuard apps" };
        var output = new Option<string?>("--out") { Description = "Write the QR code as a PNG to this file (0600: it holds the private key)" };
        var keep = new Option<bool>("--keep") { Description = "Store the config (with its private key) on this node, 0600, under the state directory" };
        var ttl = new Option<string?>("--ttl") { Description = "Record lifetime, e.g. 30d (default); the authority renews it like any record" };
        var socket = ApiCommand.SocketOption();
        var command = new Command("add", "Add a device without the agent and print its wg-quick config (admin node)")
        {
            name, hub, address, pubkey, dns, allowed, qr, output, keep, ttl, socket,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            double? ttlSeconds = null;
            if (parse.GetValue(ttl) is { } ttlText)
            {
                if (!DurationFormat.TryParse(ttlText, out var lifetime, out var problem))
                {
                    await Console.Error.WriteLineAsync($"meshctl: --ttl: {problem}");
                    return 2;
                }

                ttlSeconds = lifetime.TotalSeconds;
            }

            var ownKey = parse.GetValue(pubkey);
            if (ownKey is not null && parse.GetValue(keep))
            {
                await Console.Error.WriteLineAsync("meshctl: --keep stores a private key, and with --pubkey there is none here");
                return 2;
            }

            var outFile = parse.GetValue(output);
            if (outFile is not null && File.Exists(outFile))
            {
                await Console.Error.WriteLineAsync($"meshctl: --out: {outFile} exists; it is never overwritten");
                return 2;
            }

            string privateKey = string.Empty;
            string publicKey;
            if (ownKey is null)
            {
                var key = WireGuardKeys.GeneratePrivateKey();
                privateKey = key.ToBase64();
                publicKey = WireGuardKeys.PublicKeyOf(key).ToBase64();
            }
            else
            {
                publicKey = ownKey;
            }

            var request = new ClientRequest(parse.GetValue(name)!, publicKey, parse.GetValue(hub), parse.GetValue(address), ttlSeconds);
            return await ApiCommand.RunAsync(parse.GetValue(socket)!, Console.Error, async client =>
            {
                var answer = await client.PostAsync(ApiDefaults.ClientsPath, request, ApiJsonContext.Default.ClientRequest, ApiJsonContext.Default.ClientResponse, cancellationToken);
                var routing = parse.GetValue(allowed) == "all" ? ClientRouting.All : ClientRouting.Mesh;
                ClientConfig config;
                try
                {
                    config = ClientConfigBuilder.Build(answer, privateKey, parse.GetValue(dns), routing);
                }
                catch (InvalidOperationException e)
                {
                    await Console.Error.WriteLineAsync("meshctl: " + e.Message);
                    return 1;
                }

                var text = WgQuickConfigWriter.Render(config);
                return await WriteAsync(answer, text, parse.GetValue(qr), outFile, parse.GetValue(keep), privateKey.Length > 0);
            });
        });
        return command;
    }

    private static async Task<int> WriteAsync(ClientResponse answer, string text, bool qr, string? outFile, bool keep, bool holdsPrivateKey)
    {
        await Console.Out.WriteAsync(text);
        if (qr)
        {
            await Console.Out.WriteAsync("\n" + ClientQrCode.Text(text) + "\n");
        }

        try
        {
            if (outFile is not null)
            {
                PrivateFile.Create(outFile, ClientQrCode.Png(text));
                await Console.Error.WriteLineAsync($"meshctl: QR code written to {outFile} (0600)");
            }

            if (keep)
            {
                var kept = Path.Combine(answer.KeepDirectory, answer.Name + ".conf");
                PrivateFile.Create(kept, Encoding.UTF8.GetBytes(text));
                await Console.Error.WriteLineAsync($"meshctl: config kept in {kept} (0600)");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"meshctl: {e.Message} (the device is admitted: the config above is its only copy)");
            return 1;
        }

        await Console.Error.WriteLineAsync(
            $"meshctl: added {answer.Name} at {answer.Address} through {answer.Hub} (record expires {answer.ExpiresAt:u})"
            + (holdsPrivateKey && !keep ? "; the private key above is shown once and stored nowhere" : string.Empty));
        return 0;
    }
}
