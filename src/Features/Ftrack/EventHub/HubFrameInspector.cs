using System.Text;
using System.Text.Json;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>What one pass over an event packet's JSON found: the event's id and topic as far as they can be read, and
/// why the event cannot be delivered (null when it can).</summary>
/// <param name="Problem">Why the event is refused; null when it is a well-formed ftrack event.</param>
/// <param name="EventId">The event's <c>id</c> when one was read (its JSON text without quotes when it is not a clean string).</param>
/// <param name="Topic">The event's <c>topic</c>, likewise.</param>
public readonly record struct HubEventInspection(string? Problem, string? EventId, string? Topic);

/// <summary>
/// Checks the data of a socket.io event packet (<c>{"name":"ftrack.event","args":[event]}</c>) in one forward pass over
/// its UTF-8 bytes, before anything is built from it: valid JSON, exactly one event object, an <c>id</c> and a
/// <c>topic</c> that are non-empty strings, and no string or key anywhere holding a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>, which no .NET string reader nor AYON's database accepts). Never throws; whatever it could read of
/// the id and topic is returned for the dead-letter record even when the JSON breaks later.
/// </summary>
public static class HubFrameInspector
{
    private const int MaxRecovered = 200;

    /// <summary>Inspects <paramref name="json"/>, the data part of an event packet.</summary>
    public static HubEventInspection InspectEvent(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        string? id = null;
        string? topic = null;
        string? problem = null;
        string? rootName = null;
        var argsFound = false;
        var argCount = 0;
        var firstArgIsObject = false;
        var inArgs = false;
        string? pendingRootKey = null;
        string? pendingEventKey = null;
        JsonTokenType idKind = JsonTokenType.None;
        JsonTokenType topicKind = JsonTokenType.None;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new HubEventInspection("event payload is not a JSON object", null, null);
            }

            while (reader.Read())
            {
                var token = reader.TokenType;
                var depth = reader.CurrentDepth;
                if ((token is JsonTokenType.PropertyName or JsonTokenType.String) && reader.ValueIsEscaped && problem is null && !IsReadable(ref reader))
                {
                    problem = $"a lone UTF-16 surrogate escape in {(token == JsonTokenType.PropertyName ? "a key" : "a string")} at byte {reader.TokenStartIndex}";
                }

                if (token == JsonTokenType.PropertyName)
                {
                    if (depth == 1)
                    {
                        pendingRootKey = Text(ref reader);
                        inArgs = false;
                    }
                    else if (depth == 3 && inArgs && argCount == 1)
                    {
                        pendingEventKey = Text(ref reader);
                    }

                    continue;
                }

                if (depth == 1 && pendingRootKey is { } rootKey)
                {
                    pendingRootKey = null;
                    if (rootKey == "name")
                    {
                        rootName = token == JsonTokenType.String ? Text(ref reader) : "";
                    }
                    else if (rootKey == "args")
                    {
                        argsFound = token == JsonTokenType.StartArray;
                        inArgs = argsFound;
                        argCount = 0;
                    }
                }
                else if (depth == 2 && inArgs && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
                {
                    argCount++;
                    firstArgIsObject = argCount == 1 ? token == JsonTokenType.StartObject : firstArgIsObject;
                }
                else if (depth == 3 && pendingEventKey is { } key)
                {
                    pendingEventKey = null;
                    if (key == "id" && idKind == JsonTokenType.None)
                    {
                        idKind = token;
                        id = Scalar(ref reader);
                    }
                    else if (key == "topic" && topicKind == JsonTokenType.None)
                    {
                        topicKind = token;
                        topic = Scalar(ref reader);
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            return new HubEventInspection($"event payload is not valid JSON (at byte {reader.BytesConsumed}, line {ex.LineNumber ?? 0})", id, topic);
        }

        if (problem is not null)
        {
            return new HubEventInspection(problem, id, topic);
        }

        if (rootName != SocketIoPacket.FtrackEventName)
        {
            return new HubEventInspection("event name is not ftrack.event", id, topic);
        }

        if (!argsFound || argCount != 1 || !firstArgIsObject)
        {
            return new HubEventInspection("event args are not exactly one object", id, topic);
        }

        return new HubEventInspection(KindProblem("id", idKind, id) ?? KindProblem("topic", topicKind, topic), id, topic);
    }

    /// <summary>
    /// The frame as text: strict UTF-8 when it is valid, otherwise decoded leniently (each invalid sequence becomes U+FFFD)
    /// with <paramref name="invalidUtf8"/> set.
    /// </summary>
    public static string DecodeLeniently(ReadOnlySpan<byte> frame, out bool invalidUtf8)
    {
        invalidUtf8 = !System.Text.Unicode.Utf8.IsValid(frame);
        return Encoding.UTF8.GetString(frame);
    }

    private static string? KindProblem(string key, JsonTokenType kind, string? value) => kind switch
    {
        JsonTokenType.None => $"the event has no {key}",
        JsonTokenType.String when string.IsNullOrEmpty(value) => $"the event's {key} is empty",
        JsonTokenType.String => null,
        JsonTokenType.Null => $"the event's {key} is null",
        JsonTokenType.Number => $"the event's {key} is a number, not a string",
        JsonTokenType.True or JsonTokenType.False => $"the event's {key} is a boolean, not a string",
        _ => $"the event's {key} is not a string",
    };

    private static bool IsReadable(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A string token's text; its raw JSON text (escapes kept) when it cannot be decoded.</summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Raw(ref reader);
        }
    }

    private static string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Cap(Text(ref reader)),
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Cap(Raw(ref reader)),
        _ => null,
    };

    private static string Raw(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.ValueSpan); // a span reader: never a sequence

    private static string Cap(string text) => text.Length <= MaxRecovered ? text : text[..MaxRecovered] + "…";
}
