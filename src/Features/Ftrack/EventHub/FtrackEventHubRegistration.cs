using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>Registers the ftrack event hub client.</summary>
public static class FtrackEventHubRegistration
{
    /// <summary>
    /// Adds <see cref="FtrackEventHub"/> as a singleton (also as <see cref="IFtrackEventHub"/>), its options
    /// from section <c>FtrackHub</c> (validated at start). The hub does not start with the host: the mode's worker
    /// starts it once the ftrack credentials are resolved (they come from <see cref="FtrackConnection"/> at connect
    /// time) and stops it on shutdown.
    /// </summary>
    public static IServiceCollection AddFtrackEventHub(this IServiceCollection services)
    {
        services.AddOptions<FtrackEventHubOptions>()
            .BindConfiguration(FtrackEventHubOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ReconnectMinDelay <= o.ReconnectMaxDelay, $"{FtrackEventHubOptions.Section}:ReconnectMinDelay must not exceed {FtrackEventHubOptions.Section}:ReconnectMaxDelay.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FtrackConnection>();
        services.TryAddSingleton<FtrackEventHub>();
        services.TryAddSingleton<IFtrackEventHub>(sp => sp.GetRequiredService<FtrackEventHub>());
        return services;
    }
}
