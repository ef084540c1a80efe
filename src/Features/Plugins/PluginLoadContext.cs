using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace AyonFtrack.Features.Plugins;

/// <summary>
/// The load context of one handler archive. The contract assemblies (<c>AyonFtrack.Features</c>, <c>AyonFtrack.Server</c>,
/// MediatR, FluentValidation, Mapster, <c>Microsoft.Extensions.*</c>) and the .NET framework come from the host, so a
/// module's <c>ISliceModule</c>, its commands and handlers are the host's types; everything else is resolved from the
/// archive's handler folders, then its dependency folders (<c>python_path_subfolders</c>). Each archive gets its own
/// context, so two archives may carry different versions of the same library.
/// </summary>
public sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly string[] SharedNames = ["AyonFtrack.Features", "AyonFtrack.Server", "MediatR", "FluentValidation", "Mapster"];
    private static readonly string[] SharedPrefixes = ["Microsoft.Extensions.", "FluentValidation.", "Mapster."];
    private static readonly Lazy<HashSet<string>> FrameworkNames = new(ReadFrameworkNames);

    private readonly string[] _probeFolders;

    /// <summary>Creates the context of one archive.</summary>
    /// <param name="name">A name for diagnostics, e.g. <c>hibob 1.0.2</c>.</param>
    /// <param name="handlerFolders">The handler folders, searched first.</param>
    /// <param name="dependencyFolders">Extra folders for dependencies, searched next.</param>
    public PluginLoadContext(string name, IEnumerable<string> handlerFolders, IEnumerable<string> dependencyFolders)
        : base(name, isCollectible: false)
    {
        ArgumentNullException.ThrowIfNull(handlerFolders);
        ArgumentNullException.ThrowIfNull(dependencyFolders);
        _probeFolders = [.. handlerFolders.Concat(dependencyFolders).Select(System.IO.Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The folders searched for assemblies and native libraries, in order.</summary>
    public IReadOnlyList<string> ProbeFolders => _probeFolders;

    /// <summary>True for an assembly the host shares with every archive (a contract assembly or part of .NET).</summary>
    public static bool IsShared(AssemblyName assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        var name = assemblyName.Name;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        return SharedNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || SharedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || IsFramework(name);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        if (IsShared(assemblyName))
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                // A Microsoft.Extensions.* (or similar) package the host does not carry: the archive's own copy is used.
            }
        }

        var path = Probe(assemblyName.Name + ".dll");
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        ArgumentNullException.ThrowIfNull(unmanagedDllName);
        foreach (var candidate in NativeNames(unmanagedDllName))
        {
            var path = Probe(candidate);
            if (path is not null)
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }

        return IntPtr.Zero;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({string.Join(", ", _probeFolders)})";

    private string? Probe(string fileName)
    {
        if (fileName.IndexOfAny(['/', '\\']) >= 0)
        {
            return null;
        }

        foreach (var folder in _probeFolders)
        {
            var candidate = System.IO.Path.Combine(folder, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> NativeNames(string name)
    {
        yield return name;
        var prefix = OperatingSystem.IsWindows() ? "" : "lib";
        var suffix = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        if (!name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            yield return name + suffix;
            if (prefix.Length > 0 && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return prefix + name + suffix;
            }
        }
    }

    private static bool IsFramework(string name)
    {
        var names = FrameworkNames.Value;
        if (names.Count > 0)
        {
            return names.Contains(name);
        }

        // Single-file hosts have no framework folder to list: fall back to the framework's naming.
        return name.StartsWith("System.", StringComparison.Ordinal)
            || name is "System" or "mscorlib" or "netstandard" or "WindowsBase"
            || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.CSharp", StringComparison.Ordinal);
    }

    private static HashSet<string> ReadFrameworkNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var folder = RuntimeEnvironment.GetRuntimeDirectory();
        if (!string.IsNullOrEmpty(folder) && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.dll"))
            {
                names.Add(System.IO.Path.GetFileNameWithoutExtension(file));
            }
        }

        return names;
    }
}
