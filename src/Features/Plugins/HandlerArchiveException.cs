namespace AyonFtrack.Features.Plugins;

/// <summary>A handler archive that cannot be used: unknown format, unreadable, unsafe entry or over a limit.</summary>
public sealed class HandlerArchiveException : Exception
{
    public HandlerArchiveException()
        : base("The handler archive cannot be used.")
    {
        ArchiveName = "";
    }

    public HandlerArchiveException(string message)
        : base(message)
    {
        ArchiveName = "";
    }

    public HandlerArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
        ArchiveName = "";
    }

    public HandlerArchiveException(string archiveName, string? entryName, string reason, Exception? innerException = null)
        : base(Format(archiveName, entryName, reason), innerException)
    {
        ArchiveName = archiveName;
        EntryName = entryName;
    }

    /// <summary>The archive's file name.</summary>
    public string ArchiveName { get; }

    /// <summary>The offending entry, when one entry is at fault.</summary>
    public string? EntryName { get; }

    private static string Format(string archiveName, string? entryName, string reason) =>
        entryName is null
            ? $"handler archive '{archiveName}': {reason}"
            : $"handler archive '{archiveName}', entry '{entryName}': {reason}";
}

/// <summary>
/// A <c>Plugins</c> setting that cannot be read or is out of range: the message names the key. The processor and the
/// desktop client turn it into their configuration exit (78) with that one line.
/// </summary>
public sealed class PluginOptionsException : Exception
{
    public PluginOptionsException()
        : base("invalid Plugins configuration")
    {
    }

    public PluginOptionsException(string message)
        : base(message)
    {
    }

    public PluginOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
