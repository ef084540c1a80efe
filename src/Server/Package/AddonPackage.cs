namespace AyonFtrack.Server.Package;

/// <summary>
/// The AYON addon's identity (original <c>package.py</c>): name, the version this port is wire-compatible with,
/// the addons it requires, and one service per mode with the original's container image.
/// </summary>
public static class AddonPackage
{
    /// <summary>The addon name (<c>AYON_ADDON_NAME</c>), used in every addon URL.</summary>
    public const string Name = "ftrack";

    public const string Title = "ftrack";

    /// <summary>
    /// This addon's version. It sorts above the Python original it replaces (1.6.4+dev, whose settings, topics and
    /// attributes it matches), so AYON offers to copy a studio's overrides over and runs
    /// <c>convert_settings_overrides</c>; the build metadata keeps it apart from any upstream 1.7.0.
    /// </summary>
    public const string Version = "1.7.0+dotnet";

    /// <summary>The Python original's version whose wire (settings, topics, attributes) this one keeps.</summary>
    public const string OriginalVersion = "1.6.4+dev";

    /// <summary>The default repository prefix of the service images: <c>{prefix}-{service}:{tag}</c>.</summary>
    public const string DefaultImagePrefix = "ayonftrackdotnet/ayon-ftrack";

    /// <summary>Folder of the desktop (client) code inside the package's client zip.</summary>
    public const string ClientDir = "ayon_ftrack";

    public static IReadOnlyList<string> PluginFor { get; } = ["ayon_server"];

    /// <summary>Addons that must be in the same bundle, with their version ranges.</summary>
    public static IReadOnlyDictionary<string, string> RequiredAddons { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["core"] = ">=0.4.3" };

    /// <summary>Addons that, when present, must be within these version ranges.</summary>
    public static IReadOnlyDictionary<string, string> CompatibleAddons { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["applications"] = ">=0.2.4" };

    public static AddonService Leecher { get; } = new(ServiceModes.Leecher);

    public static AddonService Processor { get; } = new(ServiceModes.Processor);

    public static AddonService Transmitter { get; } = new(ServiceModes.Transmitter);

    /// <summary>The three services in the original's order.</summary>
    public static IReadOnlyList<AddonService> Services { get; } = [Leecher, Processor, Transmitter];

    /// <summary>The service of a mode name (case-insensitive), or null for an unknown mode.</summary>
    public static AddonService? ServiceFor(string mode) =>
        Services.FirstOrDefault(s => string.Equals(s.Name, mode, StringComparison.OrdinalIgnoreCase));

    /// <summary>Addon endpoint path below the server root: <c>/api/addons/ftrack/{version}/{endpoint}</c>.</summary>
    public static string EndpointPath(string addonVersion, string endpoint) =>
        $"/api/addons/{Name}/{addonVersion}/{endpoint.TrimStart('/')}";

    /// <summary>Settings path of the addon (<c>/api/addons/ftrack/{version}/settings</c>), optionally for a project.</summary>
    public static string SettingsPath(string addonVersion, string? projectName = null) =>
        projectName is null
            ? EndpointPath(addonVersion, "settings")
            : EndpointPath(addonVersion, $"settings/{Uri.EscapeDataString(projectName)}");
}

/// <summary>The service (mode) names, as in <c>package.py</c> and <c>AYON_SERVICE_NAME</c> defaults.</summary>
public static class ServiceModes
{
    public const string Leecher = "leecher";
    public const string Processor = "processor";
    public const string Transmitter = "transmitter";
}

/// <summary>A service of the addon: its name (the mode), which names its container image.</summary>
public sealed record AddonService(string Name)
{
    /// <summary>The image repository under a prefix, e.g. <c>ayonftrackdotnet/ayon-ftrack-processor</c>.</summary>
    public string ImageRepository(string prefix = AddonPackage.DefaultImagePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        return $"{prefix.TrimEnd('-', '/')}-{Name}";
    }

    /// <summary>
    /// The image reference for an addon version, e.g. <c>ayonftrackdotnet/ayon-ftrack-processor:1.7.0-dotnet</c>:
    /// docker tags cannot hold <c>+</c>, so it becomes <c>-</c> (<see cref="ImageTag"/>).
    /// </summary>
    public string Image(string addonVersion, string prefix = AddonPackage.DefaultImagePrefix) =>
        $"{ImageRepository(prefix)}:{ImageTag(addonVersion)}";

    /// <summary>The image reference for <see cref="AddonPackage.Version"/>.</summary>
    public string Image() => Image(AddonPackage.Version);

    /// <summary>A docker tag for an addon version: <c>+</c> (not allowed in tags) becomes <c>-</c>.</summary>
    public static string ImageTag(string addonVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(addonVersion);
        return addonVersion.Replace('+', '-');
    }
}

/// <summary>The addon's HTTP endpoints (mounted under <see cref="AddonPackage.EndpointPath"/>).</summary>
public static class AddonEndpoints
{
    /// <summary><c>GET ...?variant=production</c> → <c>{"custom_handlers": [{addon_name, addon_version, endpoint}]}</c>.</summary>
    public const string CustomProcessorHandlers = "customProcessorHandlers";

    /// <summary><c>GET ...?variant=production</c> → <c>{"projects": [{id, name, code, active}]}</c>.</summary>
    public const string FtrackProjects = "ftrackProjects";

    /// <summary>The variant query value used when none is given.</summary>
    public const string DefaultVariant = "production";
}

/// <summary>Environment variables of the services (AYON service host, plus the ftrack services' own).</summary>
public static class ServiceEnvironmentVariables
{
    public const string ServerUrl = "AYON_SERVER_URL";
    public const string ApiKey = "AYON_API_KEY";
    public const string AddonName = "AYON_ADDON_NAME";
    public const string AddonVersion = "AYON_ADDON_VERSION";
    public const string ServiceName = "AYON_SERVICE_NAME";
    public const string SettingsVariant = "AYON_DEFAULT_SETTINGS_VARIANT";

    /// <summary>This port's mode switch when the mode is not on the command line.</summary>
    public const string FtrackMode = "AYON_FTRACK_MODE";

    /// <summary>Root folder for downloaded custom handler archives.</summary>
    public const string FtrackDownloadRoot = "AYON_FTRACK_DOWNLOAD_ROOT";
}
