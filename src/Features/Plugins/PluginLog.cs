using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Plugins;

/// <summary>Log messages of custom handler loading. EventIds 9200–9299 belong to Plugins.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Loading custom handlers of variant {Variant}: {Count} archive(s) offered")]
    public static partial void Listed(ILogger logger, string variant, int count);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "The custom handler list of variant {Variant} cannot be read: {Reason}")]
    public static partial void ListingFailed(ILogger logger, string variant, string reason);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "Custom handlers {Addon} {Version} loaded: {Modules}")]
    public static partial void ArchiveLoaded(ILogger logger, string addon, string version, IReadOnlyList<string> modules);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Warning, Message = "Custom handlers {Addon} {Version} failed: {Reason}")]
    public static partial void ArchiveFailed(ILogger logger, string addon, string version, string reason);

    [LoggerMessage(EventId = 9204, Level = LogLevel.Warning, Message = "Custom handlers {Addon} {Version} are unsupported: {Reason}")]
    public static partial void ArchiveUnsupported(ILogger logger, string addon, string version, string reason);

    [LoggerMessage(EventId = 9205, Level = LogLevel.Warning, Message = "Custom handlers {Addon} {Version}: {Problem}")]
    public static partial void ArchiveProblem(ILogger logger, string addon, string version, string problem);

    [LoggerMessage(EventId = 9206, Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void Summary(ILogger logger, string summary);

    [LoggerMessage(EventId = 9210, Level = LogLevel.Information, Message = "Removed the abandoned download folder {Folder}")]
    public static partial void StaleFolderRemoved(ILogger logger, string folder);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning, Message = "Cannot remove the abandoned download folder {Folder}: {Reason}")]
    public static partial void StaleFolderNotRemoved(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 9212, Level = LogLevel.Warning, Message = "Cannot read the lock {Lock}; its folder is left alone")]
    public static partial void LockUnreadable(ILogger logger, string @lock);

    [LoggerMessage(EventId = 9213, Level = LogLevel.Warning, Message = "Cannot rewrite the lock {Lock}: {Reason}")]
    public static partial void LockNotWritten(ILogger logger, string @lock, string reason);

    [LoggerMessage(EventId = 9214, Level = LogLevel.Debug, Message = "Removed this process's download folder {Folder}")]
    public static partial void FolderRemoved(ILogger logger, string folder);

    [LoggerMessage(EventId = 9215, Level = LogLevel.Warning, Message = "Cannot remove this process's download folder {Folder}: {Reason}")]
    public static partial void FolderNotRemoved(ILogger logger, string folder, string reason);
}
