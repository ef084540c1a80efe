namespace AyonFtrack.Testing;

/// <summary>
/// The runtime settings the image gives the service: the <c>DOTNET_*</c> and <c>MALLOC_*</c> variables of the <c>ENV</c>
/// instruction in <c>src/Host/Dockerfile</c> (the runtime reads some, such as <c>DOTNET_GCgen0size</c>, only from the
/// environment; glibc reads <c>MALLOC_*</c> only from it), so that a host started by the bench or a test runs as the image
/// runs it. Those in the runtimeconfig (tiered compilation) come with the build. One source file linked into every project
/// that starts the host (tests/Benchmarks, tests/Integration.Tests, tests/Chaos.Tests).
/// </summary>
internal static class ImageEnvironment
{
    /// <summary>The image's variables, read from the Dockerfile of the checkout this assembly was built from; empty when there is none.</summary>
    public static IReadOnlyDictionary<string, string> Read() =>
        Dockerfile() is { } path ? Parse(File.ReadLines(path)) : new Dictionary<string, string>();

    /// <summary>As <see cref="Read"/>, but fails naming the path looked for when the Dockerfile is not found (a test must not pass without it).</summary>
    public static IReadOnlyDictionary<string, string> Require() =>
        Dockerfile() is { } path
            ? Parse(File.ReadLines(path))
            : throw new FileNotFoundException($"src/Host/Dockerfile not found above {AppContext.BaseDirectory}: the image's runtime settings cannot be applied.");

    /// <summary>The <c>DOTNET_*</c> and <c>MALLOC_*</c> assignments of the <c>ENV</c> instruction(s) in <paramref name="lines"/>.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var inEnv = false;
        foreach (var line in lines.Select(l => l.Trim()).Where(l => !l.StartsWith('#')))
        {
            // The ENV instruction and its continuation lines (ending in a backslash); ARG and the rest are not the runtime's.
            inEnv = inEnv || line.StartsWith("ENV ", StringComparison.Ordinal);
            if (!inEnv)
            {
                continue;
            }

            var text = line.StartsWith("ENV ", StringComparison.Ordinal) ? line[4..] : line;
            foreach (var word in text.TrimEnd('\\').Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if ((word.StartsWith("DOTNET_", StringComparison.Ordinal) || word.StartsWith("MALLOC_", StringComparison.Ordinal))
                    && word.IndexOf('=', StringComparison.Ordinal) is > 0 and var at)
                {
                    variables[word[..at]] = word[(at + 1)..];
                }
            }

            inEnv = line.EndsWith('\\');
        }

        return variables;
    }

    private static string? Dockerfile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AyonFtrack.slnx")))
            {
                var path = Path.Combine(dir.FullName, "src", "Host", "Dockerfile");
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
