using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Common;

/// <summary>
/// One ftrack event as slices see it: the hub's event object (ftrack-protocol.md §3.4), kept as JSON
/// so that nothing the server sent is lost on the way to AYON and back.
/// </summary>
/// <remarks>
/// Two spellings exist on the wire. The hub uses <c>inReplyToEvent</c>; the Python leecher stores the
/// event in AYON's <c>ftrack.leech</c> payload with the keys <c>id, topic, data, source, target, sent,
/// in_reply_to_event</c>. <see cref="ToAyonPayload"/> and <see cref="FromAyonPayload"/> keep that shape so
/// a Python processor can read what this leecher stored, and the other way round.
/// </remarks>
public sealed class FtrackEvent
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private FtrackEvent(string id, string topic, JsonElement data, JsonElement source, string target, JsonElement sent, string? inReplyToEvent)
    {
        Id = id;
        Topic = topic;
        Data = data;
        Source = source;
        Target = target;
        Sent = sent;
        InReplyToEvent = inReplyToEvent;
    }

    /// <summary>The event id; empty when the sender gave none (bad input, never stored).</summary>
    public string Id { get; }

    /// <summary>The topic, e.g. <c>ftrack.update</c>; empty when the sender gave none.</summary>
    public string Topic { get; }

    /// <summary>The <c>data</c> object (an empty object when absent or not an object).</summary>
    public JsonElement Data { get; }

    /// <summary>The <c>source</c> object (an empty object when absent).</summary>
    public JsonElement Source { get; }

    /// <summary>The target expression; empty means broadcast.</summary>
    public string Target { get; }

    /// <summary>The <c>sent</c> value as the server gave it (usually null).</summary>
    public JsonElement Sent { get; }

    /// <summary>The id of the event this one answers, for replies.</summary>
    public string? InReplyToEvent { get; }

    /// <summary><c>source.user.username</c>, when present.</summary>
    public string? SourceUsername => Str(Source, "user", "username");

    /// <summary><c>source.user.id</c>, when present.</summary>
    public string? SourceUserId => Str(Source, "user", "id");

    /// <summary><c>source.id</c>: the publishing hub's id, which replies target.</summary>
    public string? SourceId => Str(Source, "id");

    /// <summary><c>source.applicationId</c>, when present.</summary>
    public string? SourceApplicationId => Str(Source, "applicationId");

    /// <summary>The items of <c>data.entities</c> (empty when absent).</summary>
    public IReadOnlyList<JsonElement> Entities =>
        Data.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array
            ? [.. entities.EnumerateArray()]
            : [];

    /// <summary>Builds an event to publish.</summary>
    public static FtrackEvent Create(string id, string topic, JsonNode? data = null, JsonNode? source = null, string target = "", string? inReplyToEvent = null) =>
        new(id, topic, ToElement(data), ToElement(source), target, default, inReplyToEvent);

    /// <summary>Reads the hub's camelCase event object. Never throws on a JSON object; missing parts become empty.</summary>
    public static FtrackEvent FromHub(JsonElement json) => Read(json, "inReplyToEvent");

    /// <summary>Reads the event stored as the payload of an AYON <c>ftrack.leech</c> event (snake_case keys).</summary>
    public static FtrackEvent FromAyonPayload(JsonElement json) => Read(json, "in_reply_to_event");

    /// <summary>The hub's camelCase shape, for publishing.</summary>
    public JsonObject ToHub() => Write("inReplyToEvent");

    /// <summary>The shape the Python leecher stores in AYON (keys <c>id, topic, data, source, target, sent, in_reply_to_event</c>).</summary>
    public JsonObject ToAyonPayload() => Write("in_reply_to_event");

    private static FtrackEvent Read(JsonElement json, string replyKey)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return new FtrackEvent("", "", EmptyObject, EmptyObject, "", default, null);
        }

        return new FtrackEvent(
            id: Str(json, "id") ?? "",
            topic: Str(json, "topic") ?? "",
            data: Obj(json, "data"),
            source: Obj(json, "source"),
            target: Str(json, "target") ?? "",
            sent: json.TryGetProperty("sent", out var sent) ? sent.Clone() : default,
            inReplyToEvent: Str(json, replyKey) ?? Str(json, replyKey == "inReplyToEvent" ? "in_reply_to_event" : "inReplyToEvent"));
    }

    private JsonObject Write(string replyKey) => new()
    {
        ["id"] = Id,
        ["topic"] = Topic,
        ["data"] = JsonNode.Parse(Data.GetRawText()),
        ["source"] = JsonNode.Parse(Source.GetRawText()),
        ["target"] = Target,
        ["sent"] = Sent.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(Sent.GetRawText()),
        [replyKey] = InReplyToEvent,
    };

    private static JsonElement ToElement(JsonNode? node) =>
        node is null ? EmptyObject : JsonSerializer.SerializeToElement(node);

    private static JsonElement Obj(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Object ? value.Clone() : EmptyObject;

    private static string? Str(JsonElement json, params string[] path)
    {
        var current = json;
        foreach (var key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
            _ => null,
        };
    }
}
