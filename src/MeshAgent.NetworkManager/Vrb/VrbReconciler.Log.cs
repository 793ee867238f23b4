using Microsoft.Extensions.Logging;

namespace MeshAgent.NetworkManager.Vrb;

public sealed partial class VrbReconciler
{
    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "VRB apply: {Change}")]
        public static partial void Applying(ILogger logger, string change);

        [LoggerMessage(4002, LogLevel.Information, "VRB applied {Count} changes under checkpoint {Checkpoint}")]
        public static partial void Applied(ILogger logger, int count, string checkpoint);

        [LoggerMessage(4003, LogLevel.Warning, "VRB apply failed, rolling back checkpoint {Checkpoint}: {Problem}")]
        public static partial void RollingBack(ILogger logger, string checkpoint, string problem, Exception? exception);

        [LoggerMessage(4004, LogLevel.Error, "VRB rollback of checkpoint {Checkpoint} failed; NM rolls back by itself after its timeout")]
        public static partial void RollbackFailed(ILogger logger, string checkpoint, Exception exception);

        [LoggerMessage(4005, LogLevel.Debug, "NetworkManager hint: {Detail}")]
        public static partial void Hint(ILogger logger, string detail);

        [LoggerMessage(4006, LogLevel.Information, "No default gateway before the apply; connectivity not checked")]
        public static partial void NoGateway(ILogger logger);

        [LoggerMessage(4007, LogLevel.Warning, "Link {Interface} still present after deleting its profile")]
        public static partial void LinkLingers(ILogger logger, string @interface);

        [LoggerMessage(4008, LogLevel.Information, "Reapply on {Interface} refused, reactivating instead: {Reason}")]
        public static partial void ReapplyRefused(ILogger logger, string @interface, string reason);

        [LoggerMessage(4009, LogLevel.Warning, "NetworkManager unreachable: {Reason}")]
        public static partial void Unreachable(ILogger logger, string reason);
    }
}
