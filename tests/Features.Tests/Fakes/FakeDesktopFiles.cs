using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Features.Tests.Fakes;

/// <summary>An in-memory disk with the path rules of <see cref="Platform"/> (Windows paths compare case-insensitively).</summary>
internal sealed class FakeDesktopFiles(AnatomyPlatform platform) : IDesktopFiles
{
    private readonly StringComparer _comparer = platform == AnatomyPlatform.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public AnatomyPlatform Platform { get; } = platform;

    public HashSet<string> Files => field ??= new HashSet<string>(_comparer);

    public HashSet<string> Directories => field ??= new HashSet<string>(_comparer);

    public List<(string Source, string Destination)> Copies { get; } = [];

    public bool FileExists(string path) => Files.Contains(path);

    public bool DirectoryExists(string path) => Directories.Contains(path);

    public void CreateDirectory(string path)
    {
        var current = path;
        while (current.Length > 0 && Directories.Add(current))
        {
            var parent = AnatomyPlatforms.DirectoryOf(current, Platform);
            if (parent == current)
            {
                break;
            }

            current = parent;
        }
    }

    public void CopyFile(string source, string destination)
    {
        if (!Files.Contains(source))
        {
            throw new FileNotFoundException($"no file {source}");
        }

        if (!Directories.Contains(AnatomyPlatforms.DirectoryOf(destination, Platform)))
        {
            throw new DirectoryNotFoundException($"no directory for {destination}");
        }

        if (Files.Add(destination))
        {
            Copies.Add((source, destination));
        }
    }
}
