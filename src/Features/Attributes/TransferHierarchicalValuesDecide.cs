using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Attributes;

/// <summary>The pure rules and form of <see cref="TransferHierarchicalValues"/>: the form, the chosen attributes and the value conversions.</summary>
public static partial class TransferHierarchicalValues
{
    /// <summary>
    /// The form: source and destination enumerators of the hierarchical attributes sorted by key, the delete-first
    /// checkbox and the warnings; with <paramref name="previous"/> (the same attribute was picked twice) a note and the
    /// previous choices. Fewer than 2 attributes give only a label saying there is nothing to transfer.
    /// </summary>
    public static ActionResult Form(IReadOnlyList<(string Id, string Key)> attributes, JsonObject? previous = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Count < 2)
        {
            return ActionResult.Form([new JsonObject { ["type"] = "label", ["value"] = "Didn't find custom attributes that can be transferred." }], Title);
        }

        JsonArray Data() => new([.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (JsonNode)new JsonObject { ["value"] = a.Id, ["label"] = a.Key })]);
        var source = new JsonObject { ["type"] = "enumerator", ["label"] = "Source", ["name"] = "src_attr_id", ["data"] = Data() };
        var destination = new JsonObject { ["type"] = "enumerator", ["label"] = "Destination", ["name"] = "dst_attr_id", ["data"] = Data() };
        var delete = new JsonObject { ["type"] = "boolean", ["name"] = "delete_dst_attr_first", ["label"] = "Delete first", ["value"] = false };
        var items = new List<JsonObject>
        {
            new() { ["type"] = "label", ["value"] = "<h2>Please select source and destination Custom attribute</h2>" },
            new() { ["type"] = "label", ["value"] = "<b>WARNING:</b> This will take effect for all projects!" },
        };
        if (previous is not null)
        {
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "<b>Note:</b> Please select 2 different custom attributes." });
            source["value"] = previous["src_attr_id"]?.DeepClone();
            destination["value"] = previous["dst_attr_id"]?.DeepClone();
            delete["value"] = DeleteFirst(previous);
        }

        items.AddRange(
        [
            new JsonObject { ["type"] = "label", ["value"] = "---" },
            source,
            destination,
            new JsonObject { ["type"] = "label", ["value"] = "---" },
            new JsonObject { ["type"] = "label", ["value"] = "<b>WARNING:</b> All values from destination Custom Attribute will be removed if this is enabled." },
            delete,
        ]);
        return ActionResult.Form(items, Title);
    }

    /// <summary>The submitted attribute id at <paramref name="name"/>, or null.</summary>
    public static string? AttributeOf(JsonObject values, string name)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } id ? id : null;
    }

    /// <summary>The delete-first checkbox (ftrack submits true/false, sometimes as a string).</summary>
    public static bool DeleteFirst(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values["delete_dst_attr_first"] is JsonValue v && (v.GetValueKind() == JsonValueKind.True
            || v.GetValueKind() == JsonValueKind.String && string.Equals(v.GetValue<string>(), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether values of <paramref name="source"/> can be written to <paramref name="destination"/>: same type, number → number, anything → text.</summary>
    public static bool CanConvert(ValueKind source, ValueKind destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return source.TypeName == destination.TypeName && (!source.IsNumber || source.IsDecimal == destination.IsDecimal)
            || source.IsNumber && destination.IsNumber
            || destination.TypeName == "text";
    }

    /// <summary>
    /// One stored value converted to <paramref name="destination"/> (<see cref="CanConvert"/> must hold): numbers to a
    /// whole number (truncated) or a decimal, anything to text (numbers in invariant culture, booleans as True/False,
    /// lists joined with ", "); the same type as it is. Null when it does not convert.
    /// </summary>
    public static JsonNode? Convert(JsonNode value, ValueKind source, ValueKind destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var kind = value.GetValueKind();
        if (destination.IsNumber)
        {
            if (kind != JsonValueKind.Number)
            {
                return null;
            }

            var number = AttributeValues.Number(value);
            return destination.IsDecimal ? JsonValue.Create(number) : JsonValue.Create((long)Math.Truncate(number));
        }

        if (destination.TypeName == "text" && source.TypeName != "text")
        {
            return kind switch
            {
                JsonValueKind.Number => JsonValue.Create(source.IsNumber && !source.IsDecimal
                    ? ((long)Math.Truncate(AttributeValues.Number(value))).ToString(CultureInfo.InvariantCulture)
                    : AttributeValues.Number(value).ToString("R", CultureInfo.InvariantCulture)),
                JsonValueKind.True => JsonValue.Create("True"),
                JsonValueKind.False => JsonValue.Create("False"),
                JsonValueKind.String => JsonValue.Create(value.GetValue<string>()),
                JsonValueKind.Array => JsonValue.Create(string.Join(", ", value.AsArray().Select(i => i is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : i?.ToJsonString()))),
                _ => JsonValue.Create(value.ToJsonString()),
            };
        }

        return value.DeepClone();
    }
}
