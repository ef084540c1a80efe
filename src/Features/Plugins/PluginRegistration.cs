using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AyonFtrack.Features.Plugins;

/// <summary>Registers what the processor needs after its custom handlers were loaded.</summary>
public static class PluginRegistration
{
    /// <summary>
    /// Makes <paramref name="result"/>'s <see cref="PluginLoadReport"/> available (for the worker that publishes it) and
    /// ties <paramref name="loader"/> to the host's lifetime: its lock keeps being rewritten while the host runs, and its
    /// download folder is deleted when the host stops. The modules themselves go to <c>Composition.AddAyonFtrack</c>.
    /// </summary>
    public static IServiceCollection AddHandlerPlugins(this IServiceCollection services, HandlerPluginLoader loader, PluginLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(result);
        services.AddSingleton(result.Report);
        services.AddSingleton(loader);
        services.AddHostedService<HandlerPluginLifetime>();
        return services;
    }
}

/// <summary>Deletes the custom handlers' download folder when the host stops.</summary>
internal sealed class HandlerPluginLifetime(HandlerPluginLoader loader) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await loader.DisposeAsync();
}
