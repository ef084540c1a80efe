namespace AyonFtrack.Server.Handlers;

/// <summary>What a custom handler archive holds in its handler folders.</summary>
public enum HandlerArchiveKind
{
    /// <summary>At least one .NET assembly (<c>.dll</c>): loadable by this processor.</summary>
    DotNet,

    /// <summary>Python handler modules (<c>.py</c>) and no assembly: the original's format, not loadable here.</summary>
    PythonOnly,

    /// <summary>Neither assemblies nor Python modules.</summary>
    NoHandlers,
}

/// <summary>The result of <see cref="HandlerArchive.Inspect"/>; paths use <c>/</c> and are relative to the archive root.</summary>
public sealed record HandlerArchiveInspection(
    HandlerArchiveKind Kind,
    IReadOnlyList<string> Assemblies,
    IReadOnlyList<string> PythonModules);

/// <summary>Archive facts for custom processor handlers (original <c>processor/download_utils.py</c>).</summary>
public static class HandlerArchive
{
    /// <summary>Archive extensions the processor extracts (zip and the tar family).</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".zip", ".tar.gz", ".tar.xz", ".tar.bz2", ".tgz", ".tar"];

    /// <summary>The supported extension a file name ends with (case-insensitive), or null.</summary>
    public static string? ExtensionOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return SupportedExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the listing has <see cref="HandlerManifest.FileName"/> at the archive root.</summary>
    public static bool HasManifestAtRoot(IEnumerable<string> entryPaths)
    {
        ArgumentNullException.ThrowIfNull(entryPaths);
        return entryPaths.Any(p => string.Equals(Normalize(p), HandlerManifest.FileName, StringComparison.Ordinal));
    }

    /// <summary>
    /// Decides from an archive listing whether the handler folders hold .NET assemblies or only Python modules.
    /// Files anywhere below a handler folder count; with no handler folders in the manifest the whole archive
    /// counts. Python modules whose name starts with <c>_</c> are not handlers (the original skips them).
    /// </summary>
    public static HandlerArchiveInspection Inspect(IEnumerable<string> entryPaths, HandlerManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(entryPaths);
        ArgumentNullException.ThrowIfNull(manifest);
        var folders = manifest.HandlerSubfolders.Count == 0 ? ["."] : manifest.HandlerSubfolders;
        var inFolders = entryPaths
            .Select(Normalize)
            .Where(p => p.Length > 0 && !p.EndsWith('/'))
            .Where(p => folders.Any(f => IsUnder(p, f)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        string[] assemblies = [.. inFolders.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))];
        string[] python =
        [
            .. inFolders.Where(p => p.EndsWith(".py", StringComparison.OrdinalIgnoreCase)
                && !FileName(p).StartsWith('_')),
        ];
        var kind = assemblies.Length > 0 ? HandlerArchiveKind.DotNet
            : python.Length > 0 ? HandlerArchiveKind.PythonOnly
            : HandlerArchiveKind.NoHandlers;
        return new HandlerArchiveInspection(kind, assemblies, python);
    }

    private static bool IsUnder(string path, string folder) =>
        folder == "." || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }
}
