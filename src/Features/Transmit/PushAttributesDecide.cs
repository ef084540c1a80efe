using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Transmit;

/// <summary>The pure rules of <see cref="PushAttributes"/>: which ftrack writes bring an entity to its AYON attributes.</summary>
public static partial class PushAttributes
{
    /// <summary>
    /// The writes that make ftrack hold <paramref name="desired"/> (AYON value per key; null = unset). A hierarchical
    /// attribute that AYON no longer sets on the entity is removed in ftrack so that it inherits again.
    /// </summary>
    public static IReadOnlyList<AttributeWrite> Decide(
        IReadOnlyDictionary<string, JsonNode?> desired,
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        FtrackSide ftrack)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(ftrack);
        var writes = new List<AttributeWrite>();
        foreach (var (key, value) in desired)
        {
            if (LinkAttributes.Contains(key))
            {
                continue;
            }

            if (StandardFields.TryGetValue(key, out var field))
            {
                if (!ftrack.MutableFields.Contains(field))
                {
                    continue;
                }

                var target = field == "description" ? (JsonNode?)JsonValue.Create(AyonChange.Text(value) ?? "") : ToFtrackDate(value);
                if (!SameValue(ftrack.Fields.GetValueOrDefault(field), target))
                {
                    writes.Add(new AttributeWrite(AttributeWriteKind.Field, field, null, target));
                }

                continue;
            }

            if (!mapping.TryGetValue(key, out var entry) || entry.ConfigurationFor(ftrack.ContextType, ftrack.ObjectTypeId) is not { } configuration)
            {
                continue;
            }

            var exists = ftrack.StoredValues.TryGetValue(configuration.Id, out var stored);
            if (value is null)
            {
                if (exists)
                {
                    writes.Add(new AttributeWrite(AttributeWriteKind.Delete, key, configuration.Id, null));
                }
            }
            else if (!exists)
            {
                writes.Add(new AttributeWrite(AttributeWriteKind.Create, key, configuration.Id, value.DeepClone()));
            }
            else if (!SameValue(stored, value))
            {
                writes.Add(new AttributeWrite(AttributeWriteKind.Update, key, configuration.Id, value.DeepClone()));
            }
        }

        return writes;
    }

    /// <summary>An AYON date (ISO string) as ftrack's datetime object; null stays null.</summary>
    public static JsonNode? ToFtrackDate(JsonNode? value) =>
        AyonChange.Text(value) is { Length: > 0 } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? FtrackValue.DateTimeNode(date)
            : null;

    /// <summary>Equal values: numbers by value, dates by instant, the rest by JSON.</summary>
    public static bool SameValue(JsonNode? current, JsonNode? wanted)
    {
        if (current is null || wanted is null)
        {
            return current is null && wanted is null;
        }

        if (FtrackValue.ReadDouble(current) is { } a && FtrackValue.ReadDouble(wanted) is { } b)
        {
            return a.Equals(b);
        }

        if (FtrackValue.ReadDateTime(current) is { } d1 && FtrackValue.ReadDateTime(wanted) is { } d2
            && (current is JsonObject || wanted is JsonObject))
        {
            return d1 == d2;
        }

        return JsonNode.DeepEquals(current, wanted);
    }
}
