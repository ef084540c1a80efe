using System.IO.Compression;
using System.Text;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Package;

/// <summary>What goes into the package besides the addon's own files.</summary>
public sealed record AddonPackageOptions
{
    /// <summary>The package's version (<c>package.py</c>'s <c>version</c>).</summary>
    public string Version { get; init; } = AddonPackage.Version;

    /// <summary>Repository prefix of the service images (a studio's registry), see <see cref="AddonService.ImageRepository"/>.</summary>
    public string ImagePrefix { get; init; } = AddonPackage.DefaultImagePrefix;

    /// <summary>
    /// A folder whose files become <c>private/</c> (the desktop client's <c>client.zip</c>, binaries and
    /// <c>files_info.json</c>); null or missing leaves <c>private/</c> empty.
    /// </summary>
    public string? PrivateDirectory { get; init; }

    /// <summary>The launcher's Python package folder (<c>src/Client/launcher/ayon_ftrack</c>) for <c>private/client.zip</c>.</summary>
    public string? LauncherDirectory { get; init; }

    /// <summary>Published desktop builds, platform (<c>linux-x64</c>, ...) → folder, for the per-platform archives.</summary>
    public IReadOnlyDictionary<string, string> DesktopBuilds { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The built operator page (<c>Addon/frontend/dist</c> after <c>npm run build</c>), packed as <c>frontend/dist/</c>;
    /// null leaves it out, and AYON then shows no page for the addon.
    /// </summary>
    public string? FrontendDirectory { get; init; }
}

/// <summary>One file of the package: its path inside the zip (<c>/</c>-separated), content and Unix mode.</summary>
public sealed record AddonPackageFile(string Path, byte[] Content, int UnixMode = AddonPackageFile.RegularFile)
{
    public const int RegularFile = 0b110_100_100; // 0644

    public const int Executable = 0b111_101_101; // 0755
}

/// <summary>
/// Builds the addon package AYON installs (original <c>create_package.py</c>, reference ayon-addon-packaging.md §1):
/// <c>package.py</c> generated from <see cref="AddonPackage"/>, <c>server/</c> (the hand-written Python embedded
/// from <c>Addon/server</c> plus <c>settings_gen.py</c> and <c>defaults.json</c> generated from the C# settings
/// records), <c>public/icons/</c>, <c>private/</c> and the built operator page in <c>frontend/dist/</c>. The zip is deterministic: entries sorted, a fixed time
/// stamp, Unix modes kept, so the same inputs give the same bytes.
/// </summary>
public static class AddonPackageBuilder
{
    /// <summary>The time stamp of every zip entry (the zip format's DOS time has no time zone).</summary>
    public static readonly DateTimeOffset EntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string ResourcePrefix = "addon/";

    // Zip "external attributes" as Unix zip tools write them: st_mode in the high 16 bits (file type and
    // permissions), the MS-DOS attributes in the low byte.
    private const int RegularFileType = 0x8000;
    private const int DirectoryAttributes = unchecked((int)0x41ED_0010); // S_IFDIR | 0755, MS-DOS directory

    /// <summary>The package's files in zip order; <paramref name="report"/> hears what was left out and why.</summary>
    public static IReadOnlyList<AddonPackageFile> Files(AddonPackageOptions options, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<AddonPackageFile>
        {
            new("package.py", Utf8(PackagePy(options))),
            new($"server/{PythonSettingsGenerator.FileName}", Utf8(PythonSettingsGenerator.Generate())),
            new("server/defaults.json", Utf8(PythonSettingsGenerator.GenerateDefaultsJson())),
        };
        files.AddRange(EmbeddedFiles());
        if (options.LauncherDirectory is not null)
        {
            files.Add(DesktopClientFiles.ClientZip(options.LauncherDirectory));
        }
        else
        {
            report?.Invoke("private/client.zip: no launcher package given, so the AYON launcher gets no ftrack client code.");
        }

        files.AddRange(DesktopClientFiles.Builds(options.DesktopBuilds));
        if (options.DesktopBuilds.Count == 0)
        {
            report?.Invoke("private/: no desktop builds given, so artists' machines cannot run the ftrack action server.");
        }

        if (options.PrivateDirectory is not null)
        {
            files.AddRange(PrivateFiles(options.PrivateDirectory, report));
        }

        if (options.FrontendDirectory is not null)
        {
            files.AddRange(FrontendFiles(options.FrontendDirectory));
        }
        else
        {
            report?.Invoke($"{PackageLayout.FrontendDist}/: no built frontend given, so AYON shows no operator page for the addon.");
        }

        var duplicate = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The package would hold '{duplicate.Key}' twice.");
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>Writes <c>{output}/ftrack-{version}.zip</c> and returns its path.</summary>
    public static string WriteZip(AddonPackageOptions options, string outputDirectory, Action<string>? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, PackageLayout.ZipFileName(options.Version));
        File.WriteAllBytes(path, Zip(Files(options, report)));
        return path;
    }

    /// <summary>Writes the unzipped package (<c>--skip-zip</c>) to <paramref name="outputDirectory"/>, replacing it.</summary>
    public static string WriteFolder(AddonPackageOptions options, string outputDirectory, Action<string>? report = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var files = Files(options, report);
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        foreach (var folder in PackageLayout.TopLevelEntries.Where(e => !e.Contains('.', StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.Combine(outputDirectory, folder));
        }

        foreach (var file in files)
        {
            var target = Path.Combine(outputDirectory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, file.Content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, (UnixFileMode)file.UnixMode);
            }
        }

        return outputDirectory;
    }

    /// <summary>
    /// The zip bytes of <paramref name="files"/>: the package's top-level folders as entries (unless
    /// <paramref name="withTopLevelFolders"/> is false), then the files in path order.
    /// </summary>
    public static byte[] Zip(IEnumerable<AddonPackageFile> files, bool withTopLevelFolders = true)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var folders = withTopLevelFolders ? PackageLayout.TopLevelEntries.Where(e => !e.Contains('.', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList() : [];
            foreach (var folder in folders)
            {
                var entry = archive.CreateEntry(folder + "/", CompressionLevel.NoCompression);
                entry.LastWriteTime = EntryTime;
                entry.ExternalAttributes = DirectoryAttributes;
            }

            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var entry = archive.CreateEntry(file.Path, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                entry.ExternalAttributes = (RegularFileType | file.UnixMode) << 16;
                using var stream = entry.Open();
                stream.Write(file.Content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The generated <c>package.py</c>: self-contained (AYON <c>exec()</c>s it with empty globals), with the service
    /// images under <see cref="AddonPackageOptions.ImagePrefix"/>.
    /// </summary>
    public static string PackagePy(AddonPackageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("# Generated by build/package.sh (AyonFtrack.Server.Package.AddonPackageBuilder). Do not edit.\n");
        text.Append($"name = {Py(AddonPackage.Name)}\n");
        text.Append($"version = {Py(options.Version)}\n");
        text.Append($"title = {Py(AddonPackage.Title)}\n");
        text.Append($"client_dir = {Py(AddonPackage.ClientDir)}\n\n");
        text.Append("services = {\n");
        foreach (var service in AddonPackage.Services)
        {
            text.Append($"    {Py(service.Name)}: {{\"image\": {Py(service.Image(options.Version, options.ImagePrefix))}}},\n");
        }

        text.Append("}\n\n");
        text.Append($"plugin_for = [{string.Join(", ", AddonPackage.PluginFor.Select(Py))}]\n\n");
        text.Append($"ayon_required_addons = {Dict(AddonPackage.RequiredAddons)}\n");
        text.Append($"ayon_compatible_addons = {Dict(AddonPackage.CompatibleAddons)}\n");
        return text.ToString();

        static string Dict(IReadOnlyDictionary<string, string> items) =>
            $"{{{string.Join(", ", items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => $"{Py(i.Key)}: {Py(i.Value)}"))}}}";
    }

    private static IEnumerable<AddonPackageFile> EmbeddedFiles()
    {
        var assembly = typeof(AddonPackageBuilder).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[ResourcePrefix.Length..];
            if (PackageLayout.IsIgnored(path))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return new AddonPackageFile(path, copy.ToArray());
        }
    }

    private static List<AddonPackageFile> PrivateFiles(string directory, Action<string>? report)
    {
        if (!Directory.Exists(directory))
        {
            report?.Invoke($"private/: '{directory}' does not exist, so no extra private files were added.");
            return [];
        }

        return FolderFiles(directory, "private", report);
    }

    /// <summary>The built page's files under <c>frontend/dist/</c>; a folder without <c>index.html</c> is no built page.</summary>
    private static List<AddonPackageFile> FrontendFiles(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "index.html")))
        {
            throw new InvalidOperationException($"'{directory}' holds no index.html: build the frontend first (npm ci && npm run build in src/Server/Addon/frontend).");
        }

        return FolderFiles(directory, PackageLayout.FrontendDist, null);
    }

    private static List<AddonPackageFile> FolderFiles(string directory, string prefix, Action<string>? report)
    {
        var files = new List<AddonPackageFile>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (PackageLayout.IsIgnored(relative) || new FileInfo(file).LinkTarget is not null)
            {
                report?.Invoke($"{prefix}/{relative}: left out (hidden, cache or link).");
                continue;
            }

            var mode = OperatingSystem.IsWindows() ? AddonPackageFile.RegularFile : (int)File.GetUnixFileMode(file) & 0b111_111_111;
            files.Add(new AddonPackageFile($"{prefix}/{relative}", File.ReadAllBytes(file), mode));
        }

        return files;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"));

    private static string Py(string value) => PythonSettingsGenerator.Str(value);

    /// <summary>The assembly's embedded addon files, for tests: path inside the package → content.</summary>
    internal static IReadOnlyDictionary<string, byte[]> EmbeddedForTests() =>
        EmbeddedFiles().ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
}
