namespace AyonFtrack.Sandbox.Ftrack.Hub;

public sealed partial class FtrackHubServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9150, Level = LogLevel.Information, Message = "ftrack hub emulator: connection {Number} opened")]
        public static partial void Connected(ILogger logger, int number);

        [LoggerMessage(EventId = 9151, Level = LogLevel.Information, Message = "ftrack hub emulator: connection {Number} closed")]
        public static partial void Disconnected(ILogger logger, int number);

        [LoggerMessage(EventId = 9152, Level = LogLevel.Warning, Message = "ftrack hub emulator: handshake rejected for api user {ApiUser}")]
        public static partial void HandshakeRejected(ILogger logger, string apiUser);

        [LoggerMessage(EventId = 9153, Level = LogLevel.Warning, Message = "ftrack hub emulator: malformed client packet ({Reason})")]
        public static partial void MalformedPacket(ILogger logger, string reason);

        [LoggerMessage(EventId = 9154, Level = LogLevel.Warning, Message = "ftrack hub emulator: event {EventId} not routed, invalid target: {Error}")]
        public static partial void BadTarget(ILogger logger, string eventId, string error);

        [LoggerMessage(EventId = 9155, Level = LogLevel.Debug, Message = "ftrack hub emulator: routed {Topic}")]
        public static partial void Routed(ILogger logger, string topic);
    }
}
