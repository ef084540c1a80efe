using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Common.Actions;

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
