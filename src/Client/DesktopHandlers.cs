using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Client;

/// <summary>
/// Integrators' desktop slices for <c>serve</c> (issue #18, DESIGN.md §5). The original's action server loaded, besides
/// its own, the "user" handler paths other addons return from <c>get_ftrack_event_handler_paths()</c>; here an addon
/// ships one handler archive for both sides: the archives the ftrack addon lists for the desktop's variant
/// (<c>customProcessorHandlers</c>, the list and <c>manifest.json</c> 1.0.0 the processor loads) are downloaded with the
/// artist's AYON key and loaded by the processor's own loader (<see cref="HandlerPluginLoader"/>: the same extraction
/// guards and limits, one load context per archive, a report per archive). Their modules name their modes in their
/// routes, as every module does: the desktop keeps their <see cref="HostMode.Desktop"/> routes, the processor their
/// processor routes. A bad archive is refused with its reason on stderr and the others still load; without
/// <c>AYON_SERVER_URL</c>/<c>AYON_API_KEY</c> none is asked for. Dispose (at stop) to delete the download folder.
/// </summary>
public sealed class DesktopHandlers : IAsyncDisposable
{
    /// <summary>What the load report calls the desktop client ("Python handlers cannot run in the .NET action server").</summary>
    public const string Runner = "action server";

    private readonly HandlerPluginLoader? _loader;
    private readonly ILoggerFactory? _loggerFactory;

    private DesktopHandlers(HandlerPluginLoader? loader, ILoggerFactory? loggerFactory, PluginLoadResult? result)
    {
        _loader = loader;
        _loggerFactory = loggerFactory;
        Modules = result?.Modules ?? [];
        Report = result?.Report;
    }

    /// <summary>The loaded archives' modules (each keeps only its desktop routes in this process).</summary>
    public IReadOnlyList<ISliceModule> Modules { get; }

    /// <summary>What happened to each archive; null when AYON was not given.</summary>
    public PluginLoadReport? Report { get; }

    /// <summary>
    /// Lists and loads the archives of <paramref name="environment"/>'s variant, writing the load report's summary to
    /// <paramref name="log"/> when any archive was offered or the list could not be read. Never throws for a bad archive
    /// or an unreadable list.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public static async Task<DesktopHandlers> LoadAsync(DesktopEnvironment environment, TextWriter log, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        if (!environment.HasAyon)
        {
            return new DesktopHandlers(null, null, null);
        }

        // The loader keeps logging while serve runs (its lock and, at stop, its cleanup), so its factory lives as long.
        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new LineLoggerProvider(log)));
        var root = HandlerDownloadFolder.ResolveRoot(null, environment.Variables, null);
        var loader = new HandlerPluginLoader(new PluginOptions(), root, time, loggerFactory.CreateLogger<HandlerPluginLoader>()) { Runner = Runner, Mode = HostMode.Desktop };
        PluginLoadResult result;
        await using (var services = environment.BuildServices(withAyon: true, log))
        {
            var source = new AyonHandlerArchiveSource(services.GetRequiredService<IAyonApi>(), services.GetRequiredService<IOptions<AyonOptions>>());
            result = await loader.LoadAsync(source, environment.Variant, cancellationToken);
        }

        if (result.Report.Archives.Count > 0 || result.Report.ListingError is not null)
        {
            await log.WriteLineAsync($"{(result.Report.Succeeded ? "info" : "warning")}: desktop handlers: {result.Report.Summary}");
        }

        return new DesktopHandlers(loader, loggerFactory, result);
    }

    /// <summary>Stops the download folder's lock and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loader is not null)
        {
            await _loader.DisposeAsync();
        }

        _loggerFactory?.Dispose();
    }
}
