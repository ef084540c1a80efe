namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// The roles of the one pipeline: the three services of the host, and the artist's desktop client. The mode decides
/// which routes and handlers exist.
/// </summary>
public enum HostMode
{
    /// <summary>Listens to ftrack's event hub and stores every event in AYON (<c>ftrack.leech</c>).</summary>
    Leecher,

    /// <summary>Takes stored ftrack events one at a time (<c>ftrack.proc</c>) and runs the slices that react to them.</summary>
    Processor,

    /// <summary>Takes AYON's entity changes (<c>ftrack.sync</c>) and pushes them to ftrack.</summary>
    Transmitter,

    /// <summary>
    /// The artist's desktop client (<c>ayon-ftrack-desktop serve</c>): the ftrack action menu of the artist's own hub
    /// session, answered by local action slices. Composed by the client, never by the service host.
    /// </summary>
    Desktop,
}

/// <summary>Parsing of <see cref="HostMode"/> from the command line or <c>AYON_FTRACK_MODE</c>.</summary>
public static class HostModes
{
    /// <summary>The accepted spellings, for help texts and error messages.</summary>
    public const string Names = "leecher, processor, transmitter";

    /// <summary>
    /// Parses a service mode name case-insensitively; returns false for anything else (numbers included, and
    /// <see cref="HostMode.Desktop"/>, which only the desktop client runs).
    /// </summary>
    public static bool TryParse(string? value, out HostMode mode)
    {
        mode = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsDigit(value.Trim()[0])
            && Enum.TryParse(value.Trim(), ignoreCase: true, out mode)
            && Enum.IsDefined(mode)
            && mode != HostMode.Desktop;
    }

    /// <summary>The lower-case name used on the command line and in logs.</summary>
    public static string ToName(this HostMode mode) => mode.ToString().ToLowerInvariant();
}
