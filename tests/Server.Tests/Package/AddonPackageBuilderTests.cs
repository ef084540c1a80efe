using System.IO.Compression;
using System.Text;
using AyonFtrack.Server.Package;
using AyonFtrack.Server.Settings;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Tests.Package;

public sealed class AddonPackageBuilderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ayon-ftrack-package-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void GeneratedSettingsModel_MatchesTheReviewedGoldenFile()
    {
        // When this fails, review the difference and copy the generator's output over the golden file:
        // build/package.sh --skip-zip, then tests/Server.Tests/Package/Golden/settings_gen.py.
        PythonSettingsGenerator.Generate().ShouldBe(Golden("settings_gen.py"));
        PythonSettingsGenerator.GenerateDefaultsJson().ShouldBe(Golden("defaults.json"));
    }

    [Fact]
    public void Generate_OneClassPerRecord_NamedLikeIt_DependenciesFirst()
    {
        var models = PythonSettingsGenerator.ModelsInDependencyOrder(typeof(FtrackSettings));
        models[^1].ShouldBe(typeof(FtrackSettings));
        models.Select(m => m.Name).ShouldBeUnique();
        var source = PythonSettingsGenerator.Generate();
        foreach (var model in models)
        {
            source.ShouldContain($"\nclass {model.Name}(BaseSettingsModel):\n");
        }

        source.IndexOf("class NameValues(", StringComparison.Ordinal).ShouldBeLessThan(source.IndexOf("class PostLaunchHookSettings(", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_RecordDefaultDifferingFromItsType_KeepsTheDifference()
    {
        PythonSettingsGenerator.Generate().ShouldContain(
            "status_version_to_task: StatusMappingSettings = SettingsField(default_factory=lambda: StatusMappingSettings(**{\"asset_types_filter_type\": \"deny_list\"})");
    }

    [Fact]
    public void Generate_RequiredMember_HasNoDefault()
    {
        PythonSettingsGenerator.Generate().ShouldContain("    new_status: str = SettingsField(title=\"New parent status\")\n");
    }

    [Fact]
    public void Zip_RootLayout_FileByFile()
    {
        var path = AddonPackageBuilder.WriteZip(new AddonPackageOptions(), _temp);
        Path.GetFileName(path).ShouldBe("ftrack-1.7.0+dotnet.zip");
        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names.Where(n => !n.Contains('/', StringComparison.Ordinal) || n.IndexOf('/', StringComparison.Ordinal) == n.Length - 1)
            .Order(StringComparer.Ordinal).ShouldBe(["package.py", "private/", "public/", "server/"]);
        names.Where(n => n.StartsWith("server/", StringComparison.Ordinal) && n != "server/").Order(StringComparer.Ordinal).ShouldBe(
        [
            "server/__init__.py", "server/conversions.py", "server/defaults.json", "server/ftrack_projects.py",
            "server/resolvers.py", "server/settings_gen.py", "server/validators.py",
        ]);
        names.Where(n => n.StartsWith("public/icons/", StringComparison.Ordinal)).Select(Path.GetFileName)
            .Order(StringComparer.Ordinal).ShouldBe(PackageLayout.PublicIcons.Order(StringComparer.Ordinal));
        names.ShouldNotContain(n => n.Contains("__pycache__", StringComparison.Ordinal) || n.EndsWith(".pyc", StringComparison.Ordinal));
        Text(zip, "server/settings_gen.py").ShouldBe(PythonSettingsGenerator.Generate());
        FtrackSettings.Parse(Text(zip, "server/defaults.json")).ShouldBe(FtrackSettings.Defaults);
    }

    [Fact]
    public void Zip_SameInputs_SameBytes()
    {
        var first = AddonPackageBuilder.Zip(AddonPackageBuilder.Files(new AddonPackageOptions()));
        var second = AddonPackageBuilder.Zip(AddonPackageBuilder.Files(new AddonPackageOptions()));
        second.ShouldBe(first);
    }

    [Fact]
    public void PackagePy_ImagesUnderThePrefix_PlusMappedInTags()
    {
        var text = AddonPackageBuilder.PackagePy(new AddonPackageOptions { ImagePrefix = "registry.studio.local/ftrack" });
        text.ShouldContain("version = \"1.7.0+dotnet\"\n");
        text.ShouldContain("\"processor\": {\"image\": \"registry.studio.local/ftrack-processor:1.7.0-dotnet\"},");
        text.ShouldNotContain("ynput/");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void PrivateDirectory_FilesKeepTheirUnixModes()
    {
        var client = Directory.CreateDirectory(Path.Combine(_temp, "client")).FullName;
        File.WriteAllText(Path.Combine(client, "files_info.json"), "[]");
        var binary = Path.Combine(client, "linux-x64", "ayon-ftrack-desktop");
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        File.WriteAllText(binary, "#!/bin/sh\n");
        File.SetUnixFileMode(binary, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(client, ".DS_Store"), "x");

        var files = AddonPackageBuilder.Files(new AddonPackageOptions { PrivateDirectory = client });
        files.Where(f => f.Path.StartsWith("private/", StringComparison.Ordinal)).Select(f => (f.Path, f.UnixMode)).ShouldBe(
        [
            ("private/files_info.json", 0b110_100_100),
            ("private/linux-x64/ayon-ftrack-desktop", 0b111_101_101),
        ]);
        using var zip = new ZipArchive(new MemoryStream(AddonPackageBuilder.Zip(files)));
        ((uint)zip.GetEntry("private/linux-x64/ayon-ftrack-desktop")!.ExternalAttributes >> 16).ShouldBe(0x8000u | 0b111_101_101u);
    }

    [Fact]
    public void PrivateDirectory_Missing_IsReported_AndPrivateStaysEmpty()
    {
        var reports = new List<string>();
        var files = AddonPackageBuilder.Files(new AddonPackageOptions { PrivateDirectory = Path.Combine(_temp, "absent") }, reports.Add);
        files.ShouldNotContain(f => f.Path.StartsWith("private/", StringComparison.Ordinal));
        reports.ShouldContain(r => r.Contains("does not exist, so no extra private files were added", StringComparison.Ordinal));
        reports.ShouldContain(r => r.StartsWith("private/client.zip: no launcher package given", StringComparison.Ordinal));
    }

    [Fact]
    public void LauncherDirectory_BecomesClientZip_UnderTheClientDir()
    {
        var launcher = Directory.CreateDirectory(Path.Combine(_temp, "ayon_ftrack")).FullName;
        File.WriteAllText(Path.Combine(launcher, "__init__.py"), "from .addon import FtrackAddon\n");
        Directory.CreateDirectory(Path.Combine(launcher, "plugins", "__pycache__"));
        File.WriteAllText(Path.Combine(launcher, "plugins", "__pycache__", "x.pyc"), "cache");
        File.WriteAllText(Path.Combine(launcher, "addon.py"), "class FtrackAddon: pass\n");

        var files = AddonPackageBuilder.Files(new AddonPackageOptions { LauncherDirectory = launcher });

        var clientZip = files.Single(f => f.Path == "private/client.zip");
        using var zip = new ZipArchive(new MemoryStream(clientZip.Content));
        zip.Entries.Select(e => e.FullName).ShouldBe(["ayon_ftrack/__init__.py", "ayon_ftrack/addon.py"]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void DesktopBuilds_OneTarGzPerPlatform_WithTheRunBit_AndFilesInfo()
    {
        var linux = Directory.CreateDirectory(Path.Combine(_temp, "linux-x64")).FullName;
        File.WriteAllText(Path.Combine(linux, "ayon-ftrack-desktop"), "binary");
        File.WriteAllText(Path.Combine(linux, "AyonFtrack.Client"), "second apphost");
        File.WriteAllText(Path.Combine(linux, "AyonFtrack.Features.xml"), "<doc/>");
        File.WriteAllText(Path.Combine(linux, "libSystem.Native.so"), "native");
        var windows = Directory.CreateDirectory(Path.Combine(_temp, "win-x64")).FullName;
        File.WriteAllText(Path.Combine(windows, "ayon-ftrack-desktop.exe"), "exe");

        var builds = new Dictionary<string, string> { ["win-x64"] = windows, ["linux-x64"] = linux };
        var files = AddonPackageBuilder.Files(new AddonPackageOptions { DesktopBuilds = builds });
        var again = AddonPackageBuilder.Files(new AddonPackageOptions { DesktopBuilds = builds });

        var archive = files.Single(f => f.Path == "private/ayon-ftrack-desktop-linux-x64.tar.gz");
        archive.Content.ShouldBe(again.Single(f => f.Path == archive.Path).Content);
        using (var tar = new System.Formats.Tar.TarReader(new GZipStream(new MemoryStream(archive.Content), CompressionMode.Decompress)))
        {
            var entries = new List<(string, UnixFileMode)>();
            while (tar.GetNextEntry() is { } entry)
            {
                entries.Add((entry.Name, entry.Mode));
            }

            entries.ShouldBe([("ayon-ftrack-desktop", (UnixFileMode)0b111_101_101), ("libSystem.Native.so", (UnixFileMode)0b110_100_100)]);
        }

        var info = System.Text.Json.Nodes.JsonNode.Parse(files.Single(f => f.Path == "private/files_info.json").Content)!.AsArray();
        info.Select(i => (string?)i!["platform"]).ShouldBe(["linux-x64", "win-x64"]);
        ((string?)info[0]!["name"]).ShouldBe("ayon-ftrack-desktop-linux-x64.tar.gz");
        ((long)info[0]!["size"]!).ShouldBe(archive.Content.LongLength);
        ((string?)info[0]!["sha256"]).ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive.Content)));
    }

    [Fact]
    public void DesktopBuilds_WithoutTheExecutable_OrForAnUnknownPlatform_AreRefused()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_temp, "empty")).FullName;

        Should.Throw<FileNotFoundException>(() => AddonPackageBuilder.Files(new AddonPackageOptions { DesktopBuilds = new Dictionary<string, string> { ["linux-x64"] = empty } }))
            .Message.ShouldContain("has no ayon-ftrack-desktop");
        Should.Throw<ArgumentException>(() => AddonPackageBuilder.Files(new AddonPackageOptions { DesktopBuilds = new Dictionary<string, string> { ["amiga-m68k"] = empty } }))
            .Message.ShouldContain("'amiga-m68k' is not a desktop platform");
    }

    [Fact]
    public void WriteFolder_IsTheUnzippedPackage()
    {
        var folder = AddonPackageBuilder.WriteFolder(new AddonPackageOptions(), Path.Combine(_temp, "unzipped"));
        Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["package.py", "private", "public", "server"]);
        File.ReadAllText(Path.Combine(folder, "server", "settings_gen.py")).ShouldBe(PythonSettingsGenerator.Generate());
    }

    private static string Golden(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Package", "Golden", name), Encoding.UTF8);

    private static string Text(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
