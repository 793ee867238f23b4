namespace MeshAgent.Core.Api;

/// <summary>Well-known locations of the daemon's local API, shared by the daemon and meshctl.</summary>
public static class ApiDefaults
{
    /// <summary>The local API's unix socket unless <c>http.api_socket</c> says otherwise.</summary>
    public const string SocketPath = "/run/meshagent/meshagent.sock";

    /// <summary>Path of the status resource on the local API.</summary>
    public const string StatusPath = "/v1/status";

    /// <summary>Members with verified records (local API and read-only HTTP).</summary>
    public const string MembersPath = "/v1/members";

    /// <summary>This node's WireGuard peers.</summary>
    public const string PeersPath = "/v1/peers";

    /// <summary>The mesh graph as this node sees it.</summary>
    public const string GraphPath = "/v1/graph";

    /// <summary>The event stream (a WebSocket), on every listener and the socket.</summary>
    public const string EventsPath = "/api/v1/events";

    /// <summary>Join requests waiting for admission (admin node).</summary>
    public const string PendingPath = "/v1/pending";

    /// <summary>Admit a node (admin node, POST).</summary>
    public const string AdmitPath = "/v1/admit";

    /// <summary>Revoke a node (admin node, POST).</summary>
    public const string RevokePath = "/v1/revoke";

    /// <summary>Create a join token (admin node, POST).</summary>
    public const string TokensPath = "/v1/tokens";

    /// <summary>Send an authority command (admin node, POST).</summary>
    public const string CommandsPath = "/v1/commands";

    /// <summary>Devices without the agent: list (GET), add (POST) (admin node).</summary>
    public const string ClientsPath = "/v1/clients";

    /// <summary>Revoke a device without the agent (admin node, POST).</summary>
    public const string ClientRemovePath = "/v1/clients/remove";

    /// <summary>Join requests from new nodes (hub underlay listener, POST).</summary>
    public const string JoinPath = "/v1/join";

    /// <summary>Path of endpoint updates on the admin hub's admission listener, reached over the WireGuard tunnel.</summary>
    public const string EndpointsPath = "/v1/endpoints";

    /// <summary>Key rotation on a hub's admission listener: a member proves its current key and gets a record for its next one.</summary>
    public const string RotatePath = "/v1/rotate";
}
