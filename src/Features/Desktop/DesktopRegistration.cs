using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Desktop;

/// <summary>Registers the desktop mode of the slice pipeline.</summary>
public static class DesktopRegistration
{
    /// <summary>The modules of the desktop mode.</summary>
    public static IReadOnlyList<ISliceModule> Modules { get; } = [new DesktopModule()];

    /// <summary>
    /// Adds the desktop mode's routes and handlers (<see cref="Modules"/>), this action server's
    /// <paramref name="identity"/> and <see cref="LocalActionRuntime"/>. A slice fault is not retried inside the
    /// pipeline: the artist is waiting for the menu, and a launch must not run twice. The caller registers the wire
    /// clients (the ftrack session and hub, the AYON client) and the logging. <paramref name="handlerModules"/> are
    /// integrators' modules loaded from handler archives; only their desktop routes are kept.
    /// </summary>
    public static SliceRoutes AddDesktopPipeline(this IServiceCollection services, ActionServerIdentity identity, IReadOnlyList<ISliceModule>? handlerModules = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(identity);
        services.AddSingleton(identity);
        services.AddScoped<LocalActionRuntime>();
        services.AddActionRuntime();
        services.AddScoped<UserActionRuntime>();
        services.AddSingleton<IDesktopFiles, LocalDesktopFiles>();
        services.AddSingleton<IFolderOpener, LocalFolderOpener>();
        var routes = services.AddSlicePipeline(HostMode.Desktop, [.. Modules, .. handlerModules ?? []]);
        services.Configure<FailureOptions>(options => options.TransientRetries = 0);
        return routes;
    }
}
