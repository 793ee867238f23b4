using System.Net;

namespace MeshAgent.Core.Configuration;

/// <summary>The HTTP listener (metrics, health, web UI) and the local API socket meshctl talks to.</summary>
public sealed record HttpConfig
{
    /// <summary>Default <see cref="Listen"/>: loopback only, because /metrics and the API are not authenticated.</summary>
    public const string DefaultListen = "127.0.0.1:9473";

    /// <summary>Default <see cref="ApiSocket"/>.</summary>
    public const string DefaultApiSocket = "/run/meshagent/meshagent.sock";

    /// <summary>TCP listen address "IP:port" ("[::1]:9473" for IPv6); validated, so <see cref="ListenEndPoint"/> never throws on a loaded config.</summary>
    [ConfigKey("listen")]
    public string Listen { get; init; } = DefaultListen;

    /// <summary>Absolute path of the unix socket of the local API (mode 0660).</summary>
    [ConfigKey("api_socket")]
    public string ApiSocket { get; init; } = DefaultApiSocket;

    /// <summary><see cref="Listen"/> parsed.</summary>
    /// <exception cref="FormatException">Listen was set by code to something that is not "IP:port".</exception>
    public IPEndPoint ListenEndPoint => IPEndPoint.Parse(Listen);
}
