using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Server.Package;

/// <summary>
/// The desktop client's files in <c>private/</c> (ayon-addon-packaging.md §4): <c>client.zip</c> with the launcher's
/// Python package under <see cref="AddonPackage.ClientDir"/>, one <c>ayon-ftrack-desktop-&lt;rid&gt;.tar.gz</c> per
/// platform (a tar keeps the executable's run bit, which the launcher's zip extraction would lose) and
/// <c>files_info.json</c> naming each archive's platform, size and sha256, which the launcher checks before it runs one.
/// Archives are deterministic: entries sorted, fixed time stamps and owners.
/// </summary>
public static class DesktopClientFiles
{
    /// <summary>The platforms the client is built for.</summary>
    public static IReadOnlyList<string> Platforms { get; } = ["linux-x64", "win-x64", "osx-arm64"];

    public const string ExecutableName = "ayon-ftrack-desktop";

    public const string FilesInfo = "private/files_info.json";

    /// <summary>The archive name of a platform's build.</summary>
    public static string ArchiveName(string platform) => $"{ExecutableName}-{platform}.tar.gz";

    /// <summary><c>private/client.zip</c> from the launcher package folder (the folder named <c>ayon_ftrack</c>).</summary>
    public static AddonPackageFile ClientZip(string launcherDirectory)
    {
        if (!Directory.Exists(launcherDirectory))
        {
            throw new DirectoryNotFoundException($"The launcher package '{launcherDirectory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(launcherDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(launcherDirectory, f).Replace('\\', '/')))
            .Where(f => !PackageLayout.IsIgnored(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => new AddonPackageFile($"{AddonPackage.ClientDir}/{f.Relative}", File.ReadAllBytes(f.Full)));
        return new AddonPackageFile(PackageLayout.ClientZip, AddonPackageBuilder.Zip(files, withTopLevelFolders: false));
    }

    /// <summary>
    /// The per-platform archives and <c>files_info.json</c> from published builds (platform → publish folder).
    /// The executable (<c>ayon-ftrack-desktop</c>, <c>.exe</c> on Windows) must be in each folder; documentation
    /// and symbol files are left out.
    /// </summary>
    public static IReadOnlyList<AddonPackageFile> Builds(IReadOnlyDictionary<string, string> publishDirectories)
    {
        ArgumentNullException.ThrowIfNull(publishDirectories);
        var files = new List<AddonPackageFile>();
        var info = new JsonArray();
        foreach (var (platform, directory) in publishDirectories.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Platforms.Contains(platform))
            {
                throw new ArgumentException($"'{platform}' is not a desktop platform ({string.Join(", ", Platforms)}).", nameof(publishDirectories));
            }

            var executable = platform.StartsWith("win", StringComparison.Ordinal) ? ExecutableName + ".exe" : ExecutableName;
            if (!File.Exists(Path.Combine(directory, executable)))
            {
                throw new FileNotFoundException($"The {platform} build in '{directory}' has no {executable}.");
            }

            var archive = TarGz(directory, executable);
            var name = ArchiveName(platform);
            files.Add(new AddonPackageFile($"private/{name}", archive));
            info.Add(new JsonObject
            {
                ["name"] = name,
                ["platform"] = platform,
                ["size"] = archive.LongLength,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(archive)),
            });
        }

        if (info.Count > 0)
        {
            files.Add(new AddonPackageFile(FilesInfo, System.Text.Encoding.UTF8.GetBytes(info.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n")));
        }

        return files;
    }

    private static byte[] TarGz(string directory, string executable)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entries = Directory.EnumerateFiles(directory)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(n => !n.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !n.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
                    && !n.StartsWith("AyonFtrack.Client", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var name in entries)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    ModificationTime = AddonPackageBuilder.EntryTime,
                    Mode = name == executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                    Uid = 0,
                    Gid = 0,
                    DataStream = new MemoryStream(File.ReadAllBytes(Path.Combine(directory, name))),
                };
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }
}
