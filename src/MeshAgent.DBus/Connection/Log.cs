using Microsoft.Extensions.Logging;

namespace MeshAgent.DBus;

/// <summary>Log events of the D-Bus connection (event ids 2100–2199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "D-Bus connected to {Address} as {UniqueName}")]
    public static partial void Connected(ILogger logger, DBusAddress address, string uniqueName);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "D-Bus connection closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "D-Bus malformed message ({FormatError}): {Reason}")]
    public static partial void MalformedMessage(ILogger logger, DBusFormatError formatError, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "D-Bus signal handler for {MatchRule} failed")]
    public static partial void HandlerFailed(ILogger logger, string matchRule, Exception exception);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "D-Bus RemoveMatch {MatchRule} failed: {Reason}")]
    public static partial void RemoveMatchFailed(ILogger logger, string matchRule, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "D-Bus method handler {ObjectPath} {Interface}.{Member} failed")]
    public static partial void MethodHandlerFailed(ILogger logger, string objectPath, string @interface, string member, Exception exception);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "D-Bus reply to serial {Serial} not sent: {Reason}")]
    public static partial void ReplyFailed(ILogger logger, uint serial, string reason);
}
