using System.CommandLine;
using MeshAgent.Core.Records;

namespace MeshAgent.Cli.Commands;

/// <summary>
/// <c>meshctl authority init [--key-file PATH]</c>: creates the mesh authority's Ed25519 key (mode 0600; never
/// overwrites) and prints its public key with the config lines every node needs. Runs without the daemon.
/// </summary>
internal static class AuthorityCommand
{
    public const string DefaultKeyFile = "/etc/meshagent/authority.key";

    public static Command Create()
    {
        var keyFile = new Option<string>("--key-file") { Description = "Where to write the private key", DefaultValueFactory = _ => DefaultKeyFile };
        var init = new Command("init", "Create the mesh authority key (admin node)") { keyFile };
        init.SetAction(async parse =>
        {
            var path = parse.GetValue(keyFile)!;
            var authority = MeshAuthority.Create();
            try
            {
                authority.Save(path);
            }
            catch (SecretFileException e)
            {
                await Console.Error.WriteLineAsync($"meshctl: cannot create the authority key: {e.Message}");
                return 1;
            }

            await Console.Out.WriteLineAsync(authority.PublicKeyBase64);
            await Console.Error.WriteLineAsync($"""
                wrote {path} (mode 0600). Every node's agent.yaml needs:
                  authority:
                    public_key: "{authority.PublicKeyBase64}"
                and this node's also:
                    key_file: {path}
                """);
            return 0;
        });
        return new Command("authority", "The mesh authority that signs node records") { init };
    }
}
