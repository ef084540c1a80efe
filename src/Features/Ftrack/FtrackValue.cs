using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// ftrack's value encoding (ftrack-protocol.md §1.4): datetimes and dates as <c>{"__type__": ...}</c> objects,
/// entities as <c>{"__entity_type__": ..., &lt;primary key&gt;}</c> references, everything else as plain JSON.
/// </summary>
public static class FtrackValue
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>Encodes a .NET value for an operation's <c>entity_data</c>.</summary>
    /// <exception cref="ArgumentException">The value has a type ftrack cannot carry, or is a <see cref="DateTime"/> that is not UTC.</exception>
    public static JsonNode? Encode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        decimal m => JsonValue.Create(m),
        Guid g => JsonValue.Create(g.ToString()),
        DateTimeOffset dto => DateTimeNode(dto),
        DateTime dt when dt.Kind == DateTimeKind.Utc => DateTimeNode(new DateTimeOffset(dt)),
        DateTime => throw new ArgumentException("ftrack datetimes must be UTC: pass a DateTimeOffset or a DateTime of kind Utc.", nameof(value)),
        DateOnly date => new JsonObject { ["__type__"] = "date", ["value"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        FtrackEntityRef reference => reference.ToJson(),
        FtrackEntity entity => entity.Ref.ToJson(),
        IEnumerable sequence => EncodeSequence(sequence),
        _ => throw new ArgumentException($"ftrack cannot encode a value of type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>The datetime object ftrack expects: <c>{"__type__": "datetime", "value": "2024-01-02T03:04:05Z"}</c>.</summary>
    public static JsonObject DateTimeNode(DateTimeOffset value) => new()
    {
        ["__type__"] = "datetime",
        ["value"] = value.ToUniversalTime().ToString(DateTimeFormat, CultureInfo.InvariantCulture) + "Z",
    };

    /// <summary>
    /// Reads a datetime: the <c>{"__type__":"datetime"}</c> object or an ISO string. ftrack replies with naive
    /// strings in UTC (timezone support enabled), so a value without offset is read as UTC.
    /// </summary>
    public static DateTimeOffset? ReadDateTime(JsonNode? node)
    {
        var text = node switch
        {
            JsonObject o when o["__type__"]?.GetValue<string>() is "datetime" or "date" => o["value"]?.GetValue<string>(),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new FormatException($"ftrack datetime value \"{text}\" is not ISO-8601.");
    }

    /// <summary>Reads a string, or null when absent or not a string.</summary>
    public static string? ReadString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Reads a number (integer or float) as double, or null.</summary>
    public static double? ReadDouble(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;

    /// <summary>Reads an integer, or null; floats with no fraction are accepted.</summary>
    public static long? ReadInt64(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        var d = double.Parse(text, CultureInfo.InvariantCulture);
        return Math.Abs(d % 1) < double.Epsilon ? (long)d : null;
    }

    /// <summary>Reads a boolean, or null.</summary>
    public static bool? ReadBoolean(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    private static JsonArray EncodeSequence(IEnumerable sequence)
    {
        var array = new JsonArray();
        foreach (var item in sequence)
        {
            array.Add(Encode(item));
        }

        return array;
    }
}
