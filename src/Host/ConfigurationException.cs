namespace AyonFtrack.Host;

/// <summary>Missing or invalid configuration found at start: one readable line that names the setting.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>The process exit code for bad configuration (sysexits' EX_CONFIG).</summary>
    public const int ExitCode = 78;

    public ConfigurationException()
        : base("invalid configuration")
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
