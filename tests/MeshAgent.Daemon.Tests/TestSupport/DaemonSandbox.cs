using System.Net;
using System.Net.Sockets;

namespace MeshAgent.Daemon.Tests.TestSupport;

/// <summary>
/// A private directory with an agent.yaml whose state, runtime and API socket live inside it and whose
/// HTTP port is a free loopback port, so tests run beside each other and beside a real daemon.
/// </summary>
internal sealed class DaemonSandbox : IDisposable
{
    public DaemonSandbox(string? listen = null)
    {
        // Short: a unix socket path must fit in 108 bytes.
        Directory = System.IO.Directory.CreateTempSubdirectory("mad-").FullName;
        Port = FreeLoopbackPort();
        Listen = listen ?? $"127.0.0.1:{Port}";
        ConfigPath = Path.Combine(Directory, "agent.yaml");
        WriteConfig();
    }

    public string Directory { get; }

    public int Port { get; }

    public string Listen { get; }

    public string ConfigPath { get; }

    public string RuntimeDirectory => Path.Combine(Directory, "run");

    public string ApiSocket => Path.Combine(RuntimeDirectory, "meshagent.sock");

    public string NodeName { get; } = "sandbox-node";

    /// <summary>Writes the valid config; <paramref name="extra"/> is appended verbatim.</summary>
    public void WriteConfig(string extra = "") =>
        File.WriteAllText(ConfigPath, $"""
            node:
              name: {NodeName}
              state_dir: {Path.Combine(Directory, "state")}
              runtime_dir: {RuntimeDirectory}
            http:
              listen: "{Listen}"
              api_socket: {ApiSocket}
            {extra}
            """);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon that has not quite let go; the OS cleans /tmp.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
