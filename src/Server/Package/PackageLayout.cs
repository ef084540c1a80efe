namespace AyonFtrack.Server.Package;

/// <summary>
/// Layout of the addon package (original <c>create_package.py</c>): the zip name, the folders it carries, the
/// files it skips, and the public icons with their URLs.
/// </summary>
public static class PackageLayout
{
    /// <summary>Default output folder of the package builder.</summary>
    public const string OutputFolder = "package";

    /// <summary>Client code archive inside <c>private/</c>.</summary>
    public const string ClientZip = "private/client.zip";

    /// <summary>The client's Python dependency pin file inside <c>private/</c>.</summary>
    public const string ClientPyproject = "private/pyproject.toml";

    /// <summary>The built web frontend inside the package (served by AYON at <c>/addons/{name}/{version}/frontend/</c>).</summary>
    public const string FrontendDist = "frontend/dist";

    /// <summary>Top-level entries of the package: the manifest file and folders.</summary>
    public static IReadOnlyList<string> TopLevelEntries { get; } = ["package.py", "server", "public", "private"];

    /// <summary>Icons in <c>public/icons/</c>, served without authentication for the ftrack web UI.</summary>
    public static IReadOnlyList<string> PublicIcons { get; } =
    [
        "AYONAdmin.svg", "ActionAskWhereIRun.svg", "AssetsRemover.svg", "BatchTasks.svg", "ComponentOpen.svg",
        "CreateFolders.svg", "CreateProjectFolders.svg", "DeleteAsset.svg", "Delivery.svg", "MultipleNotes.svg",
        "PrepareProject.svg", "SeedProject.svg", "SortReview.svg", "TestAction.svg", "Thumbnail.svg",
    ];

    /// <summary>The package zip name, e.g. <c>ftrack-1.6.4+dev.zip</c>.</summary>
    public static string ZipFileName(string version) => $"{AddonPackage.Name}-{version}.zip";

    /// <summary>The unzipped package folder, <c>ftrack/&lt;version&gt;</c>.</summary>
    public static string UnzippedFolder(string version) => $"{AddonPackage.Name}/{version}";

    /// <summary>
    /// True when a path (relative, <c>/</c> or <c>\</c> separated) is left out of the package: any segment
    /// starting with <c>.</c>, a <c>__pycache__</c> folder, or a <c>.pyc</c> file.
    /// </summary>
    public static bool IsIgnored(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Any(s => s.StartsWith('.') || s == "__pycache__")
            || relativePath.EndsWith(".pyc", StringComparison.Ordinal);
    }

    /// <summary>Public icon URL: <c>{server}/addons/ftrack/{version}/public/icons/{file}</c>.</summary>
    public static Uri IconUrl(Uri serverUrl, string addonVersion, string iconFile)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        var root = serverUrl.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/addons/{AddonPackage.Name}/{addonVersion}/public/icons/{iconFile}");
    }
}
