using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>The hub client's log messages (event ids 9100–9199), shared by its parts.</summary>
public sealed partial class FtrackEventHub
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "ftrack event hub connected (connect #{ConnectCount}, {SubscriberCount} subscribers announced)")]
        public static partial void Connected(ILogger logger, int connectCount, int subscriberCount);

        [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "ftrack event hub disconnected: {Reason}")]
        public static partial void Disconnected(ILogger logger, string reason);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "ftrack event hub connect attempt {Attempt} failed: {ErrorType}: {Error}")]
        public static partial void ConnectFailed(ILogger logger, int attempt, string errorType, string error);

        [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "ftrack event hub reconnecting in {DelaySeconds:0.###} s")]
        public static partial void Reconnecting(ILogger logger, double delaySeconds);

        [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "ftrack event hub sent nothing for {TimeoutSeconds} s; treating the connection as lost")]
        public static partial void ServerSilent(ILogger logger, double timeoutSeconds);

        [LoggerMessage(EventId = 9105, Level = LogLevel.Warning, Message = "Refused a malformed ftrack event hub packet ({Reason}, {Size} bytes)")]
        public static partial void MalformedPacket(ILogger logger, string reason, long size);

        [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "Refused ftrack event {EventId} ({Topic}, {Size} bytes): {Reason}")]
        public static partial void MalformedEvent(ILogger logger, string reason, string eventId, string topic, long size);

        [LoggerMessage(EventId = 9107, Level = LogLevel.Warning, Message = "ftrack event hub reported an error: {Reason}")]
        public static partial void ServerError(ILogger logger, string reason);

        [LoggerMessage(EventId = 9108, Level = LogLevel.Debug, Message = "Ignored ftrack event hub packet of type {PacketType}")]
        public static partial void IgnoredPacket(ILogger logger, SocketIoPacketType packetType);

        [LoggerMessage(EventId = 9109, Level = LogLevel.Warning, Message = "Skipped ftrack event {EventId} ({Topic}): invalid target: {Error}")]
        public static partial void BadTarget(ILogger logger, string eventId, string topic, string error);

        [LoggerMessage(EventId = 9110, Level = LogLevel.Error, Message = "ftrack event handler of subscriber {SubscriberId} failed on event {EventId} ({Topic})")]
        public static partial void HandlerFailed(ILogger logger, string subscriberId, string topic, string eventId, Exception exception);

        [LoggerMessage(EventId = 9111, Level = LogLevel.Debug, Message = "ftrack event hub subscriber {SubscriberId} added")]
        public static partial void Subscribing(ILogger logger, string subscriberId);

        [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "ftrack event hub refused subscriber {SubscriberId}: {Error}")]
        public static partial void SubscribeRefused(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9113, Level = LogLevel.Warning, Message = "ftrack event hub did not confirm unsubscribing {SubscriberId}: {Error}")]
        public static partial void UnsubscribeRefused(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9114, Level = LogLevel.Debug, Message = "ftrack event hub subscriber {SubscriberId} will be announced on the next connect: {Error}")]
        public static partial void AnnounceDeferred(ILogger logger, string subscriberId, string error);

        [LoggerMessage(EventId = 9115, Level = LogLevel.Warning, Message = "ftrack event hub liveness check failed: {Reason}")]
        public static partial void LivenessFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 9117, Level = LogLevel.Warning, Message = "ftrack event hub connection ended before it was ready: {Reason}")]
        public static partial void EndedBeforeReady(ILogger logger, string reason);

        [LoggerMessage(EventId = 9116, Level = LogLevel.Error, Message = "A ConnectionChanged handler of the ftrack event hub failed")]
        public static partial void ConnectionHandlerFailed(ILogger logger, Exception exception);
    }
}
