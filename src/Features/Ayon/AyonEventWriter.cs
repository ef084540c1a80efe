using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// The hot path of event dispatch, for callers that already hold the payload as JSON text (the leecher's spool): the
/// request body is written straight around the stored payload, with no parse and re-serialisation, and sent on a plain
/// client (auth headers and a timeout, no retry pipeline: a POST is never retried). Same wire as
/// <see cref="AyonApiExtensions.DispatchEventAsync"/>: 200 stored, 409 already stored, anything else an
/// <see cref="AyonRequestException"/> that carries the status.
/// </summary>
public sealed class AyonEventWriter(IHttpClientFactory clients)
{
    /// <summary>The named HTTP client (registered by <see cref="AyonClientRegistration.AddAyonClient"/>).</summary>
    public const string HttpClientName = "ayon-events";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Dispatches a finished, stored event whose payload is <paramref name="payloadJson"/> (a JSON object).</summary>
    public async Task<DispatchOutcome> DispatchAsync(string topic, string sender, string hash, string description, string payloadJson, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(payloadJson.Length + 256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("topic", topic);
            writer.WriteString("sender", sender);
            writer.WriteString("hash", hash);
            writer.WriteString("description", description);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(payloadJson, skipInputValidation: false);
            writer.WriteBoolean("finished", true);
            writer.WriteBoolean("store", true);
            writer.WriteEndObject();
        }

        using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = Json;
        using var response = await clients.CreateClient(HttpClientName).PostAsync("api/events", content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return DispatchOutcome.AlreadyStored;
        }

        if (response.IsSuccessStatusCode)
        {
            return DispatchOutcome.Stored;
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new AyonRequestException("POST /api/events", response.StatusCode, AyonRequestException.DetailOf(detail));
    }
}
