using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Attributes;

/// <summary>
/// <c>service_event_handlers.sync_hier_entity_attributes</c>: the switch of the event handler (<c>enabled</c>), the
/// switch of the action (<c>action_enabled</c>), the object types (<c>interest_entity_types</c>, compared without spaces
/// and lower-cased, so "Asset Build" matches <c>AssetBuild</c>) and the attribute keys (<c>interest_attributes</c>).
/// Missing keys take the addon's defaults.
/// </summary>
public sealed record HierValuesSettings(bool Enabled, bool ActionEnabled, IReadOnlySet<string> InterestEntityTypes, IReadOnlyList<string> InterestAttributes)
{
    /// <summary>The settings key under <c>service_event_handlers</c>.</summary>
    public const string SettingsKey = "sync_hier_entity_attributes";

    /// <summary>The addon's defaults.</summary>
    public static HierValuesSettings Default { get; } = new(true, true, new HashSet<string>(StringComparer.Ordinal) { "shot", "assetbuild" }, ["frameStart", "frameEnd"]);

    /// <summary>The section of the ftrack addon settings <paramref name="settings"/>.</summary>
    public static HierValuesSettings Read(JsonElement settings)
    {
        if (ProjectSettings.Section(settings, $"service_event_handlers.{SettingsKey}") is not { ValueKind: JsonValueKind.Object } section)
        {
            return Default;
        }

        return new HierValuesSettings(
            !section.TryGetProperty("enabled", out var enabled) || enabled.ValueKind != JsonValueKind.False,
            !section.TryGetProperty("action_enabled", out var actionEnabled) || actionEnabled.ValueKind != JsonValueKind.False,
            Strings(section, "interest_entity_types") is { } types ? types.Select(NormaliseType).ToHashSet(StringComparer.Ordinal) : Default.InterestEntityTypes,
            Strings(section, "interest_attributes") ?? Default.InterestAttributes);
    }

    /// <summary>"Asset Build" → <c>assetbuild</c>.</summary>
    public static string NormaliseType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
    }

    private static List<string>? Strings(JsonElement section, string key) =>
        section.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0)]
            : null;
}

/// <summary>A custom attribute configuration as these handlers need it.</summary>
/// <param name="Id">The configuration id.</param>
/// <param name="Key">The attribute key.</param>
/// <param name="IsHierarchical">True for a hierarchical attribute.</param>
/// <param name="ObjectTypeId">The object type of an object-specific attribute (null for hierarchical ones).</param>
/// <param name="Default">The configured default value.</param>
/// <param name="TypeName">The attribute type (<c>number</c>, <c>text</c>, <c>boolean</c>, ...); null when unknown.</param>
public sealed record AttributeConfiguration(string Id, string Key, bool IsHierarchical, string? ObjectTypeId, JsonNode? Default, string? TypeName = null);

/// <summary>Pure value rules shared by the hierarchical-attribute handlers.</summary>
public static class AttributeValues
{
    /// <summary>
    /// <paramref name="text"/> (values travel as strings in <c>ftrack.update</c> events) as a value of the same JSON kind
    /// as <paramref name="like"/>: a number, a boolean (<c>1</c>/<c>0</c>/<c>true</c>/<c>false</c>) or text. Null when it
    /// does not convert (or <paramref name="like"/> is null or of another kind).
    /// </summary>
    public static JsonNode? CastLike(string text, JsonNode? like)
    {
        ArgumentNullException.ThrowIfNull(text);
        return like?.GetValueKind() switch
        {
            JsonValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? JsonValue.Create(number)
                : null,
            JsonValueKind.True or JsonValueKind.False => text.Trim().ToLowerInvariant() switch
            {
                "1" or "true" => JsonValue.Create(true),
                "0" or "false" => JsonValue.Create(false),
                _ => null,
            },
            JsonValueKind.String => JsonValue.Create(text),
            _ => null,
        };
    }

    /// <summary>True when both are null, both are numbers of equal value, or both are equal JSON.</summary>
    public static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return Number(a) == Number(b);
        }

        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>A JSON number's value, whatever CLR type backs it.</summary>
    public static double Number(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The resolved hierarchical value of an entity: its own stored value, else the nearest ancestor's
    /// (<paramref name="ancestorsNearestFirst"/>, up to and including the project), else the attribute's default.
    /// </summary>
    public static JsonNode? Resolve(
        string configurationId, string entityId, IReadOnlyList<string> ancestorsNearestFirst, IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> stored, JsonNode? defaultValue)
    {
        ArgumentNullException.ThrowIfNull(ancestorsNearestFirst);
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var id in (IEnumerable<string>)[entityId, .. ancestorsNearestFirst])
        {
            if (stored.TryGetValue((configurationId, id), out var value) && value is not null)
            {
                return value;
            }
        }

        return defaultValue;
    }
}

/// <summary>One custom attribute value to write (create or update).</summary>
/// <param name="ConfigurationId">The configuration.</param>
/// <param name="EntityId">The entity holding the value.</param>
/// <param name="EntityType">The entity's concrete type (which value view ftrack writes through).</param>
/// <param name="Value">The value.</param>
public sealed record AttributeWrite(string ConfigurationId, string EntityId, string EntityType, JsonNode? Value);
