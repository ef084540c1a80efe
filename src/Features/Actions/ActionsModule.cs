using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// The processor's ftrack actions (server actions, behaviour reference §3.3) and the leecher-started resync.
/// Each action maps a discover route and a launch route. Log event ids 8000–8099.
/// </summary>
public sealed class ActionsModule : ISliceModule
{
    /// <inheritdoc />
    public void Map(SliceMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        map.On<FtrackEvent, StartAutoSync.Command, StartAutoSync.Handler>(HostMode.Processor, StartAutoSync.MarkerTopic, StartAutoSync.From);
        map.On<FtrackEvent, PrivateProjectDetection.DiscoverCommand, PrivateProjectDetection.DiscoverHandler>(
            HostMode.Processor, ServerAction.DiscoverTopic, PrivateProjectDetection.Discover);
        map.On<FtrackEvent, PrivateProjectDetection.LaunchCommand, PrivateProjectDetection.LaunchHandler>(
            HostMode.Processor, ServerAction.LaunchTopic, PrivateProjectDetection.Launch);
    }
}

/// <summary>Registers what action slices share.</summary>
public static class ActionsRegistration
{
    /// <summary>Adds the per-event project scope, the per-event user cache and <see cref="ActionRuntime"/> (scoped).</summary>
    public static IServiceCollection AddActionRuntime(this IServiceCollection services)
    {
        services.AddProjectScopes();
        services.TryAddSingleton<ActionUserCache>();
        services.TryAddScoped<ActionRuntime>();
        return services;
    }
}
