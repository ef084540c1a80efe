using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>Log lines shared by the transmitter's slices (EventIds 7010–7029).</summary>
internal static partial class TransmitLog
{
    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "{Slice}: AYON {EntityType} {EntityId} of project {Project} has no ftrack counterpart; the change is not pushed")]
    public static partial void NoCounterpart(ILogger logger, string slice, string entityType, string entityId, string project);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "{Slice}: AYON {EntityType} {EntityId} of project {Project} no longer exists; nothing to push")]
    public static partial void AyonEntityGone(ILogger logger, string slice, string entityType, string entityId, string project);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "{Slice}: AYON {EntityType} {EntityId} pushed to ftrack {FtrackId} ({Writes} writes)")]
    public static partial void Pushed(ILogger logger, string slice, string entityType, string entityId, string ftrackId, int writes);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "{Slice}: {Reason}")]
    public static partial void Skipped(ILogger logger, string slice, string reason);
}
