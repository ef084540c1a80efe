using AyonFtrack.Features.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>Registers what action slices share.</summary>
public static class ActionsRegistration
{
    /// <summary>Adds the per-input event and project contexts and <see cref="ActionRuntime"/> (scoped).</summary>
    public static IServiceCollection AddActionRuntime(this IServiceCollection services)
    {
        services.AddProjectContexts();
        services.TryAddScoped<ActionRuntime>();
        return services;
    }
}
