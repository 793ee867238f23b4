namespace MeshAgent.Core.Api;

/// <summary>Well-known locations of the daemon's local API, shared by the daemon and meshctl.</summary>
public static class ApiDefaults
{
    /// <summary>The local API's unix socket unless <c>http.api_socket</c> says otherwise.</summary>
    public const string SocketPath = "/run/meshagent/meshagent.sock";

    /// <summary>Path of the status resource on the local API.</summary>
    public const string StatusPath = "/v1/status";
}
