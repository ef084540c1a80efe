using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Plugins;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Processor;

/// <summary>
/// Loads integrators' slices for the processor before its host is built (their modules must be part of the route table
/// and of the container): a small AYON client reads the <c>customProcessorHandlers</c> of the configured variant, the
/// <see cref="HandlerPluginLoader"/> downloads and loads them, and the result is registered for the host (the report is
/// published as an AYON event by the processor worker; the download folder lives as long as the host).
/// </summary>
public static class ProcessorPlugins
{
    /// <summary>Loads the custom handlers and registers them on <paramref name="builder"/>; returns the modules to add to the host.</summary>
    /// <exception cref="OptionsValidationException">The AYON connection settings are invalid.</exception>
    /// <exception cref="ConfigurationException">A <c>Plugins</c> setting is invalid.</exception>
    public static async Task<PluginLoadResult> LoadAsync(HostApplicationBuilder builder, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The loader keeps logging while the host runs (its lock and, at stop, its cleanup): its logger factory lives as
        // long as the process; the small AYON client below is disposed once the archives are loaded.
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.UseUtcTimestamp = true;
            });
        });
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Configuration);
        services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddAyonClient();
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AyonOptions>>();
        HandlerPluginLoader loader;
        try
        {
            loader = HandlerPluginLoader.Create(builder.Configuration, environment, TimeProvider.System, loggerFactory);
        }
        catch (PluginOptionsException ex)
        {
            throw new ConfigurationException(ex.Message, ex);
        }
        var source = new AyonHandlerArchiveSource(provider.GetRequiredService<IAyonApi>(), options);
        var result = await loader.LoadAsync(source, options.Value.Variant, cancellationToken);
        builder.Services.AddHandlerPlugins(loader, result);
        return result;
    }
}
