using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Refit;

namespace AyonFtrack.Features.Ftrack;

/// <summary>Registers the ftrack REST client: Refit <see cref="IFtrackApi"/>, its auth handler and <see cref="FtrackSession"/>.</summary>
public static class FtrackClientRegistration
{
    /// <summary>The named <see cref="HttpClient"/> used for component uploads to signed URLs (no ftrack headers).</summary>
    public const string UploadClientName = "ftrack-upload";

    /// <summary>ftrack's REST request timeout (the Python client uses 60 s, ftrack-protocol.md §7).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Adds <see cref="FtrackConnection"/> (singleton, if not already there), <see cref="FtrackSchemaCache"/>
    /// (singleton), <see cref="IFtrackApi"/> with <see cref="FtrackAuthHandler"/>, and a scoped <see cref="FtrackSession"/>.
    /// </summary>
    public static IServiceCollection AddFtrackClient(this IServiceCollection services) => services.AddFtrackClient(_ => { });

    /// <summary>
    /// As <see cref="AddFtrackClient(IServiceCollection)"/>, and lets the caller configure the <see cref="IFtrackApi"/>
    /// HTTP client further (resilience, a test handler, ...).
    /// </summary>
    public static IServiceCollection AddFtrackClient(this IServiceCollection services, Action<IHttpClientBuilder> configureApiClient)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureApiClient);
        services.TryAddSingleton<FtrackConnection>();
        services.TryAddSingleton<FtrackSchemaCache>();
        services.AddLogging();
        services.TryAddTransient<FtrackAuthHandler>();
        var api = services.AddRefitGeneratedClient<IFtrackApi>()
            .ConfigureHttpClient(client =>
            {
                client.BaseAddress = FtrackAuthHandler.PlaceholderBaseAddress;
                client.Timeout = RequestTimeout;
            })
            .AddHttpMessageHandler<FtrackAuthHandler>();
        configureApiClient(api);
        services.AddHttpClient(UploadClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddScoped<FtrackSession>();
        return services;
    }
}
