using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>Registers the ftrack event hub client.</summary>
public static class FtrackEventHubRegistration
{
    /// <summary>
    /// Adds <see cref="FtrackEventHub"/> as a singleton (also as <see cref="IFtrackEventHub"/>), its options
    /// from section <c>FtrackHub</c> (validated at start), and a hosted service that keeps it connected while
    /// the host runs. Credentials come from <see cref="FtrackConnection"/> at connect time.
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
        services.AddHostedService<FtrackEventHubService>();
        return services;
    }
}

/// <summary>Starts the hub with the host and stops it (closing the socket) on shutdown.</summary>
internal sealed class FtrackEventHubService(FtrackEventHub hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => hub.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => hub.StopAsync(cancellationToken);
}
