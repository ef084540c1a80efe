using System.Reflection;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Plugins;

/// <summary>The slice modules found in one archive, and what went wrong on the way.</summary>
/// <param name="Modules">Constructed modules whose routes map in every mode.</param>
/// <param name="Problems">One line per assembly or type that could not be used, with the reason.</param>
/// <param name="Assemblies">How many .NET assemblies were scanned.</param>
public sealed record SliceModuleDiscoveryResult(IReadOnlyList<ISliceModule> Modules, IReadOnlyList<string> Problems, int Assemblies);

/// <summary>
/// Finds integrators' slice modules: every public, non-abstract class implementing <see cref="ISliceModule"/> with a
/// public parameterless constructor, in every assembly of every handler folder. A module must also map its routes
/// cleanly in each mode (checked on a scratch service collection), so a broken module is reported here instead of
/// stopping the host at start. One bad assembly or type is reported with its reason; the others still load.
/// </summary>
public static class SliceModuleDiscovery
{
    /// <summary>Loads the assemblies of <paramref name="handlerFolders"/> into <paramref name="context"/> and builds their modules.</summary>
    /// <param name="context">The archive's load context.</param>
    /// <param name="handlerFolders">Full paths of the handler folders, scanned in order (top level only).</param>
    /// <param name="displayRoot">The folder names in messages are relative to (the extraction folder).</param>
    /// <param name="runningMode">The mode of the process loading the modules: a module with no route in it is kept (it is
    /// harmless) and reported as a problem, so the load report does not call a module that does nothing here simply loaded.</param>
    public static SliceModuleDiscoveryResult Discover(PluginLoadContext context, IReadOnlyList<string> handlerFolders, string displayRoot, HostMode? runningMode = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handlerFolders);
        ArgumentNullException.ThrowIfNull(displayRoot);
        var modules = new List<ISliceModule>();
        var problems = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var scanned = 0;
        foreach (var folder in handlerFolders)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.dll", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                var shown = Path.GetRelativePath(displayRoot, file).Replace('\\', '/');
                AssemblyName name;
                try
                {
                    name = AssemblyName.GetAssemblyName(file);
                }
                catch (BadImageFormatException)
                {
                    continue; // A native library beside the handlers: loaded on demand, nothing to scan.
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    problems.Add($"{shown}: cannot be read ({ex.Message})");
                    continue;
                }

                if (PluginLoadContext.IsShared(name))
                {
                    continue; // A copy of a contract or framework assembly: the host's is used, and its modules are the host's own.
                }

                if (seen.TryGetValue(name.Name!, out var first))
                {
                    problems.Add($"{shown}: skipped, its assembly name {name.Name} is already used by {first}");
                    continue;
                }

                seen.Add(name.Name!, shown);
                Assembly assembly;
                try
                {
                    assembly = context.LoadFromAssemblyName(name);
                }
                catch (Exception ex) when (ex is IOException or BadImageFormatException or FileLoadException)
                {
                    problems.Add($"{shown}: cannot be loaded ({ex.GetType().Name}: {ex.Message})");
                    continue;
                }

                scanned++;
                foreach (var type in ReadTypes(assembly, shown, problems))
                {
                    if (TryCreate(type, problems, runningMode) is { } module)
                    {
                        modules.Add(module);
                    }
                }
            }
        }

        return new SliceModuleDiscoveryResult(modules, problems, scanned);
    }

    private static IEnumerable<Type> ReadTypes(Assembly assembly, string shown, List<string> problems)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var reasons = ex.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct().Take(3);
            problems.Add($"{shown}: some types cannot be loaded ({string.Join("; ", reasons)})");
            types = ex.Types;
        }
        catch (Exception ex) when (ex is IOException or TypeLoadException or BadImageFormatException)
        {
            problems.Add($"{shown}: its types cannot be read ({ex.GetType().Name}: {ex.Message})");
            return [];
        }

        return types.OfType<Type>()
            .Where(t => t.IsClass && typeof(ISliceModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    internal static ISliceModule? TryCreate(Type type, List<string> problems, HostMode? runningMode = null)
    {
        if (type.IsAbstract || type.ContainsGenericParameters)
        {
            return null; // A base class for modules, not a module.
        }

        if (!type.IsVisible)
        {
            problems.Add($"type {type.FullName}: implements ISliceModule but is not public; skipped");
            return null;
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            problems.Add($"type {type.FullName}: has no public parameterless constructor; skipped");
            return null;
        }

        ISliceModule module;
        try
        {
            module = (ISliceModule)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            problems.Add($"type {type.FullName}: its constructor threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}");
            return null;
        }
        catch (Exception ex) when (ex is MemberAccessException or TypeLoadException or IOException or BadImageFormatException)
        {
            problems.Add($"type {type.FullName}: cannot be created ({ex.GetType().Name}: {ex.Message})");
            return null;
        }

        var routedModes = new List<HostMode>();
        foreach (var mode in Enum.GetValues<HostMode>())
        {
            try
            {
                if (new ServiceCollection().AddSlicePipeline(mode, [module]).All.Count > 0)
                {
                    routedModes.Add(mode);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                problems.Add($"type {type.FullName}: its routes cannot be registered in the {mode.ToName()} mode ({ex.GetType().Name}: {ex.Message})");
                return null;
            }
        }

        if (runningMode is { } running && !routedModes.Contains(running))
        {
            var elsewhere = routedModes.Count == 0 ? "it maps no route in any mode" : $"its routes are for the {string.Join(", ", routedModes.Select(m => m.ToName()))} mode";
            problems.Add($"type {type.FullName}: does nothing in the {running.ToName()} mode ({elsewhere})");
        }

        return module;
    }
}
