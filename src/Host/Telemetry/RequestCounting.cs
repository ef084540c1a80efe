using Microsoft.Extensions.Http;

namespace AyonFtrack.Host.Telemetry;

/// <summary>
/// Counts the HTTP requests of the ftrack and AYON clients: every request as <see cref="ServiceMetrics.Requests"/>, and,
/// inside a job (<see cref="JobTrace"/>), for the job's <see cref="ServiceMetrics.JobRequests"/>. Attached by name to the
/// clients the wire registrations create, so the wire clients need no change.
/// </summary>
internal sealed class RequestCountingFilter(ServiceName service) : IHttpMessageHandlerBuilderFilter
{
    /// <inheritdoc />
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (SystemOf(builder.Name) is { } system)
        {
            // Innermost: a request the resilience handler retries counts once per attempt that went on the wire.
            builder.AdditionalHandlers.Add(new RequestCountingHandler(service.Value, system));
        }
    };

    /// <summary>"ayon" or "ftrack" for the wire clients' HttpClient names, null for others (uploads to signed URLs count as ftrack).</summary>
    internal static string? SystemOf(string? clientName) => clientName switch
    {
        null => null,
        _ when clientName.Contains("Ayon", StringComparison.OrdinalIgnoreCase) => "ayon",
        _ when clientName.Contains("Ftrack", StringComparison.OrdinalIgnoreCase) => "ftrack",
        _ => null,
    };
}

/// <summary>Counts one request per attempt on its way out.</summary>
internal sealed class RequestCountingHandler(string service, string system) : DelegatingHandler
{
    private readonly KeyValuePair<string, object?>[] _tags = [ServiceMetrics.ServiceTag(service), new("system", system)];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ServiceMetrics.Requests.Add(1, _tags);
        JobTrace.CountRequest(system);
        return base.SendAsync(request, cancellationToken);
    }
}
