using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>Outcome of a dispatch: stored with a new id, or refused because an event with the same hash exists (409).</summary>
public enum DispatchOutcome
{
    Stored,
    AlreadyStored,
}

/// <summary>Result of <see cref="AyonApiExtensions.DispatchEventAsync"/>; <see cref="Id"/> is null when already stored.</summary>
public sealed record DispatchResult(DispatchOutcome Outcome, string? Id);

/// <summary>The behaviour on top of the raw Refit calls of <see cref="IAyonApi"/>.</summary>
public static class AyonApiExtensions
{
    /// <summary>
    /// Dispatches an event. 409 (an event with the same hash exists) is the normal "already stored"
    /// answer of an idempotent re-dispatch and returns <see cref="DispatchOutcome.AlreadyStored"/>;
    /// any other failure throws <see cref="ApiException"/>.
    /// </summary>
    public static async Task<DispatchResult> DispatchEventAsync(this IAyonApi api, DispatchEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var response = await api.PostEventAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return new DispatchResult(DispatchOutcome.AlreadyStored, null);
        }

        if (!response.IsSuccessStatusCode || response.Content is null)
        {
            if (response.Error is { } error)
            {
                throw error;
            }

            throw new AyonRequestException("POST /api/events", response.StatusCode ?? HttpStatusCode.OK, $"no event id returned for topic {request.Topic}");
        }

        return new DispatchResult(DispatchOutcome.Stored, response.Content.Id);
    }

    /// <summary>Reads an event; null when it does not exist (404). Other failures throw.</summary>
    public static async Task<AyonEvent?> FindEventAsync(this IAyonApi api, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        try
        {
            return await api.GetEventAsync(id, cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Asks for the next job: the job on 200, null on 204 (idle) and on 503 (the server is busy or
    /// already handling an identical enroll; the caller simply asks again later). Other failures throw
    /// an <see cref="AyonRequestException"/> naming the call and status.
    /// </summary>
    public static async Task<EnrollJob?> EnrollAsync(this IAyonApi api, EnrollRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        using var response = await api.PostEnrollAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AyonRequestException("POST /api/enroll", response.StatusCode, AyonRequestException.DetailOf(body));
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EnrollJob>(body, AyonJson.Options)
                ?? throw new AyonRequestException("POST /api/enroll", response.StatusCode, "the response body is null");
        }
        catch (JsonException ex)
        {
            throw new AyonRequestException("POST /api/enroll", response.StatusCode, $"the response is not a job: {ex.Message}");
        }
    }

    /// <summary>
    /// Downloads an addon file named by an endpoint relative to the base URL (e.g.
    /// <c>addons/hibob/1.0.2/private/handlers.tar.gz</c>) into <paramref name="destination"/>. On 404 or 405
    /// it retries once with <c>api/</c> inserted before a relative endpoint (ayon-protocol.md §5.3).
    /// </summary>
    public static async Task DownloadAddonFileAsync(this IAyonApi api, string endpoint, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        var path = endpoint.TrimStart('/');
        var response = await api.GetFileAsync(path, cancellationToken);
        try
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
                && !path.StartsWith("api/", StringComparison.Ordinal))
            {
                response.Dispose();
                path = "api/" + path;
                response = await api.GetFileAsync(path, cancellationToken);
            }

            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new AyonRequestException($"GET /{path}", response.StatusCode, AyonRequestException.DetailOf(body));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await stream.CopyToAsync(destination, cancellationToken);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// Runs a GraphQL document and returns its <c>data</c>; a response with <c>errors</c> (or without data)
    /// throws an <see cref="AyonRequestException"/> with the server's messages.
    /// </summary>
    public static async Task<JsonElement> QueryGraphQlAsync(this IAyonApi api, string query, JsonObject? variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.GraphQlAsync(new GraphQlRequest(query, variables), cancellationToken);
        if (response.Errors is { Count: > 0 } errors)
        {
            throw new AyonRequestException("POST /graphql", HttpStatusCode.OK, string.Join("; ", errors.Select(e => e.Message)));
        }

        if (response.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            throw new AyonRequestException("POST /graphql", HttpStatusCode.OK, "the response has no data");
        }

        return data;
    }
}

/// <summary>An AYON call that failed in a way the caller cannot treat as a normal outcome. Carries no secrets.</summary>
public sealed class AyonRequestException : Exception
{
    public AyonRequestException()
    {
    }

    public AyonRequestException(string message) : base(message)
    {
    }

    public AyonRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AyonRequestException(string call, HttpStatusCode statusCode, string? detail)
        : base($"AYON {call} failed with {(int)statusCode} {statusCode}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}")
    {
        Call = call;
        StatusCode = statusCode;
    }

    /// <summary>The call, e.g. <c>POST /api/enroll</c>.</summary>
    public string? Call { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>detail</c> of an AYON error body, or a short prefix of a non-JSON body.</summary>
    internal static string? DetailOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o["detail"] is JsonValue d && d.TryGetValue<string>(out var detail))
            {
                return detail;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw prefix.
        }

        return body.Length > 200 ? body[..200] : body;
    }
}
