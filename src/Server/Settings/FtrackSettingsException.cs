namespace AyonFtrack.Server.Settings;

/// <summary>
/// The ftrack settings JSON could not be read. <see cref="KeyPath"/> names the offending key
/// (<c>service_event_handlers.thumbnail_updates.levels</c>, <c>publish.CollectFtrackFamily.profiles[2].host_names</c>);
/// it is empty when the document as a whole is wrong. Messages never contain setting values.
/// </summary>
public sealed class FtrackSettingsException : Exception
{
    public FtrackSettingsException()
        : this("", "Invalid ftrack settings.")
    {
    }

    public FtrackSettingsException(string message)
        : this("", message)
    {
    }

    public FtrackSettingsException(string message, Exception innerException)
        : this("", message, innerException)
    {
    }

    public FtrackSettingsException(string keyPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        KeyPath = keyPath;
    }

    /// <summary>Dotted key path with <c>[index]</c> for list items; empty for the whole document.</summary>
    public string KeyPath { get; }
}
