namespace MeshAgent.Core.Api;

/// <summary>Body of <c>POST /v1/commands</c> (admin node): <c>meshctl command send INTENT [NODE] --to TARGET</c>.</summary>
/// <param name="Intent">"isolate", "release", "reconcile-now", "restart-dnsmasq", "leave".</param>
/// <param name="Subject">The node the intent is about (isolate, release); null otherwise.</param>
/// <param name="To">"all", "role:hub", "role:spoke", or a node name.</param>
public sealed record CommandRequest(string Intent, string? Subject, string To);

/// <summary>What the admin node sent: one packet per target, all with the same counter.</summary>
/// <param name="Intent">The intent sent.</param>
/// <param name="Subject">Its subject, if any.</param>
/// <param name="Counter">The counter of these packets.</param>
/// <param name="Targets">Names of the nodes a packet went to (the admin node itself applies its own at once).</param>
/// <param name="Message">One human line.</param>
public sealed record CommandResponse(string Intent, string? Subject, uint Counter, IReadOnlyList<string> Targets, string Message);
