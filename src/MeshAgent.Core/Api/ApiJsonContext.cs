using System.Text.Json.Serialization;

namespace MeshAgent.Core.Api;

/// <summary>
/// Source-generated JSON for the local API types, used by the daemon (writing) and meshctl (reading) so
/// both agree on names (snake_case) without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(Readiness))]
[JsonSerializable(typeof(IReadOnlyList<MemberInfo>))]
[JsonSerializable(typeof(MemberInfo))]
[JsonSerializable(typeof(IReadOnlyList<PeerInfo>))]
[JsonSerializable(typeof(MeshGraph))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(EndpointUpdateRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(RotateRequest))]
[JsonSerializable(typeof(IReadOnlyList<PendingRequest>))]
[JsonSerializable(typeof(AdmitRequest))]
[JsonSerializable(typeof(RevokeRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ApiMessage))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(ClientRequest))]
[JsonSerializable(typeof(ClientResponse))]
[JsonSerializable(typeof(IReadOnlyList<ClientInfo>))]
[JsonSerializable(typeof(ClientRemoveRequest))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
