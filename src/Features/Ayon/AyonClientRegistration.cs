using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>Registers the AYON Refit client (<see cref="IAyonApi"/>) with auth and resilience.</summary>
public static class AyonClientRegistration
{
    /// <summary>Name of the typed HttpClient behind <see cref="IAyonApi"/>.</summary>
    public const string HttpClientName = "ayon";

    /// <summary>
    /// Binds <see cref="AyonOptions"/> from section <c>Ayon</c> (validated on start) and registers
    /// <see cref="IAyonApi"/> plus <see cref="AyonSecretResolver"/>. Requests carry the headers of
    /// <see cref="AyonAuthHandler"/>. Idempotent methods (GET, PUT, PATCH, DELETE) are retried with
    /// exponential backoff on connection errors, attempt timeouts, 502, 503 and 504; POST is never retried.
    /// </summary>
    public static IServiceCollection AddAyonClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AyonOptions>().BindConfiguration(AyonOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<AyonAuthHandler>();
        services.AddHttpClient(AyonEventWriter.HttpClientName, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<AyonOptions>>().Value;
                client.BaseAddress = new Uri(BaseAddress(o).AbsoluteUri.TrimEnd('/') + "/");
                client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
            })
            .AddHttpMessageHandler<AyonAuthHandler>();
        services.AddTransient<AyonEventWriter>();
        services.AddTransient<AyonSecretResolver>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAyonEventArrivals, AyonEventArrivals>();

        var settings = new RefitSettings(new SystemTextJsonContentSerializer(AyonJson.Options));
        services.AddRefitGeneratedClient<IAyonApi>(settings, HttpClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<AyonOptions>>().Value;
                client.BaseAddress = BaseAddress(o);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<AyonAuthHandler>()
            .AddResilienceHandler("ayon", (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<AyonOptions>>().Value;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(o.RetryCount, 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(o.RetryDelayMilliseconds),
                    ShouldHandle = args => ValueTask.FromResult(o.RetryCount > 0 && ShouldRetry(args.Context.GetRequestMessage()?.Method, args.Outcome)),
                });
                builder.AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
            });
        return services;
    }

    /// <summary>The Refit base address: the server URL without a trailing slash or path suffix issues.</summary>
    internal static Uri BaseAddress(AyonOptions options)
    {
        var url = options.ServerUrl ?? throw new InvalidOperationException("Ayon:ServerUrl (AYON_SERVER_URL) is not set.");
        return new Uri(url.AbsoluteUri.TrimEnd('/'), UriKind.Absolute);
    }

    /// <summary>True when a request with <paramref name="method"/> that ended in <paramref name="outcome"/> may be retried.</summary>
    internal static bool ShouldRetry(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        if (method is null || !IsIdempotent(method))
        {
            return false;
        }

        if (outcome.Exception is { } ex)
        {
            return ex is HttpRequestException or TimeoutRejectedException;
        }

        return outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;
    }

    /// <summary>GET, HEAD, PUT, PATCH and DELETE are retried; POST never (a retried dispatch or enroll would not be safe).</summary>
    internal static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
        || method == HttpMethod.Patch || method == HttpMethod.Delete;
}
