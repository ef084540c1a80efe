using AyonFtrack.Server.Package;

// build/package.sh [--output DIR] [--skip-zip] [--image-prefix PREFIX] [--launcher DIR] [--desktop RID=DIR]... [--private DIR] [--frontend DIR]
// Writes package/ftrack-<version>.zip (or, with --skip-zip, the unzipped folder package/ftrack-<version>/).
var output = "package";
var skipZip = false;
var options = new AddonPackageOptions();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--output" or "-o" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--skip-zip":
            skipZip = true;
            break;
        case "--image-prefix" when i + 1 < args.Length:
            options = options with { ImagePrefix = args[++i] };
            break;
        case "--private" when i + 1 < args.Length:
            options = options with { PrivateDirectory = args[++i] };
            break;
        case "--frontend" when i + 1 < args.Length:
            options = options with { FrontendDirectory = args[++i] };
            break;
        case "--launcher" when i + 1 < args.Length:
            options = options with { LauncherDirectory = args[++i] };
            break;
        case "--desktop" when i + 1 < args.Length && args[i + 1].Split('=', 2) is [var rid, var folder]:
            options = options with { DesktopBuilds = new Dictionary<string, string>(options.DesktopBuilds) { [rid] = folder } };
            i++;
            break;
        case "--help" or "-h":
            Console.WriteLine("usage: build/package.sh [--output DIR] [--skip-zip] [--image-prefix PREFIX] [--no-desktop] [--no-frontend] [--private DIR]");
            return 0;
        default:
            Console.Error.WriteLine($"package: unknown or incomplete option '{args[i]}' (--help lists them)");
            return 64;
    }
}

try
{
    var path = skipZip
        ? AddonPackageBuilder.WriteFolder(options, Path.Combine(output, Path.GetFileNameWithoutExtension(PackageLayout.ZipFileName(options.Version))), Console.WriteLine)
        : AddonPackageBuilder.WriteZip(options, output, Console.WriteLine);
    Console.WriteLine($"wrote {Path.GetFullPath(path)}");
    return 0;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
{
    Console.Error.WriteLine($"package: {ex.Message}");
    return 1;
}
