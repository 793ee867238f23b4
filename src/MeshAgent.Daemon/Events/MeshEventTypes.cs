namespace MeshAgent.Daemon.Events;

/// <summary>The <c>type</c> of each message on <c>/api/v1/events</c>.</summary>
public static class MeshEventTypes
{
    /// <summary>The first message of every stream: the graph as this node sees it.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>A member's record appeared for the first time.</summary>
    public const string MemberJoined = "member_joined";

    /// <summary>A member answers probes again.</summary>
    public const string MemberAlive = "member_alive";

    /// <summary>A member missed probes.</summary>
    public const string MemberSuspect = "member_suspect";

    /// <summary>A member was declared failed.</summary>
    public const string MemberFailed = "member_failed";

    /// <summary>A member left gracefully.</summary>
    public const string MemberLeft = "member_left";

    /// <summary>A record was issued (a name not held before).</summary>
    public const string RecordIssued = "record_issued";

    /// <summary>A record was replaced by a newer one for the same name.</summary>
    public const string RecordRenewed = "record_renewed";

    /// <summary>A record was dropped (revoked or expired).</summary>
    public const string RecordRevoked = "record_revoked";

    /// <summary>A direct path's health changed.</summary>
    public const string PathChanged = "path_changed";

    /// <summary>Another node's path report changed what it reaches and how (detail: its paths); ages and counters alone do not count.</summary>
    public const string PathReport = "path_report";

    /// <summary>A reconcile pass failed for a subsystem.</summary>
    public const string ReconcileFailed = "reconcile_failed";

    /// <summary>A subsystem that had failed converged again.</summary>
    public const string ReconcileRecovered = "reconcile_recovered";

    /// <summary>A NAT port mapping was created, renewed or lost (published by the NAT code through <see cref="IMeshEventPublisher"/>).</summary>
    public const string PortMappingChanged = "port_mapping_changed";
}
