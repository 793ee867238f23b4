using System.Net;
using Microsoft.Extensions.Logging;

namespace MeshAgent.Gossip.Membership;

public sealed partial class GossipMembership
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Member {Peer} joined at {Endpoint}")]
        public static partial void MemberJoined(ILogger logger, string peer, IPEndPoint endpoint);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Member {Peer} left")]
        public static partial void MemberLeft(ILogger logger, string peer);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Member {Peer} failed (declared by {From})")]
        public static partial void MemberFailed(ILogger logger, string peer, string from);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Member {Peer} suspected by {From}")]
        public static partial void MemberSuspected(ILogger logger, string peer, string from);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Refuted a suspicion about us with incarnation {Incarnation}")]
        public static partial void Refuted(ILogger logger, uint incarnation);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Probe of {Peer} failed")]
        public static partial void ProbeFailed(ILogger logger, string peer);

        [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "Dropped malformed gossip from {Endpoint}: {Reason}")]
        public static partial void MalformedPacket(ILogger logger, IPEndPoint endpoint, string reason);

        [LoggerMessage(EventId = 6008, Level = LogLevel.Debug, Message = "Contacting failed member {Peer}")]
        public static partial void Reconnecting(ILogger logger, string peer);
    }
}
