using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using AttributeEntityTypes = AyonFtrack.Server.CustomAttributes.FtrackEntityTypes;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// Create/Update Custom Attributes' pure rules: the attributes it wants (the defaults file and the mapping's
/// hierarchical attributes), their ftrack type and config, what ftrack must change for them, and the report.
/// </summary>
public static partial class CreateUpdateAttributes
{
    /// <summary>The embedded copy of the original's <c>custom_attributes.json</c> (Defaults/NOTICE.md).</summary>
    public const string DefaultsResource = "AyonFtrack.Features.Desktop.custom_attributes.json";

    /// <summary>The section of hierarchical attributes in the defaults file.</summary>
    public const string HierarchicalSection = "is_hierarchical";

    /// <summary>The custom attribute types the original accepts.</summary>
    public static IReadOnlyList<string> FtrackTypes { get; } =
    [
        FtrackCustomAttributeTypes.Text, FtrackCustomAttributeTypes.Boolean, FtrackCustomAttributeTypes.Date,
        FtrackCustomAttributeTypes.Enumerator, FtrackCustomAttributeTypes.DynamicEnumerator, FtrackCustomAttributeTypes.Number,
    ];

    /// <summary>
    /// A hierarchical attribute the action ensures: its key, label, ftrack type name, config text (as the original
    /// serialises it) and where it comes from (the defaults file, or the mapping of an AYON attribute).
    /// </summary>
    public sealed record Wanted(string Key, string Label, string Type, string Config, string Source);

    /// <summary>Something that could not be ensured: the attribute (or mapping item) it is about, and why.</summary>
    public sealed record Problem(string Name, string Message);

    /// <summary>One write for a wanted attribute.</summary>
    public sealed record Change(Wanted Attribute, MandatoryAttributes.Write Write);

    /// <summary>The decision: the writes in order, the keys already as wanted, the attributes kept as they are (why), and the failures.</summary>
    public sealed record Plan(IReadOnlyList<Change> Changes, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Kept, IReadOnlyList<Problem> Failures);

    /// <summary>What a run did, for the reply, the Job and the report.</summary>
    public sealed record Outcome(
        IReadOnlyList<string> Created,
        IReadOnlyList<string> Updated,
        IReadOnlyList<string> Unchanged,
        IReadOnlyList<string> Kept,
        IReadOnlyList<Problem> Failures,
        IReadOnlyList<string> Notes);

    /// <summary>The wanted attributes of the embedded defaults file.</summary>
    public static IReadOnlyList<Wanted> Defaults()
    {
        using var stream = typeof(CreateUpdateAttributes).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"The Features assembly has no resource {DefaultsResource}.");
        return Defaults(JsonNode.Parse(stream));
    }

    /// <summary>
    /// The wanted attributes of a defaults file in the original's format. Only its <c>is_hierarchical</c> section is
    /// supported (the only one the original ships), with the keys <c>label</c>, <c>type</c> and <c>config</c>.
    /// </summary>
    /// <exception cref="FormatException">The file holds something else.</exception>
    public static IReadOnlyList<Wanted> Defaults(JsonNode? file)
    {
        if (file is not JsonObject root)
        {
            throw new FormatException("custom_attributes.json is not a JSON object.");
        }

        var wanted = new List<Wanted>();
        foreach (var (section, body) in root)
        {
            if (section != HierarchicalSection || body is not JsonObject attributes)
            {
                throw new FormatException($"custom_attributes.json: section '{section}' is not supported; only an object '{HierarchicalSection}' is.");
            }

            foreach (var (key, value) in attributes)
            {
                if (value is not JsonObject attribute)
                {
                    throw new FormatException($"custom_attributes.json: '{key}' is not an object.");
                }

                if (attribute.Select(p => p.Key).FirstOrDefault(k => k is not ("label" or "type" or "config")) is { } extra)
                {
                    throw new FormatException($"custom_attributes.json: '{key}' has '{extra}', which is not supported (label, type, config).");
                }

                var label = Text(attribute["label"]) ?? throw new FormatException($"custom_attributes.json: '{key}' has no label.");
                var type = Text(attribute["type"]) ?? throw new FormatException($"custom_attributes.json: '{key}' has no type.");
                var (config, problem) = ConfigFor(type, attribute["config"] as JsonObject);
                wanted.Add(new Wanted(key, label, type, config ?? throw new FormatException($"custom_attributes.json: '{key}': {problem}"), "the defaults file"));
            }
        }

        return wanted;
    }

    /// <summary>
    /// The config text of an attribute of ftrack type <paramref name="type"/> from the file's <paramref name="config"/>,
    /// as the original builds it: number <c>{"isdecimal": b}</c> (plus <c>precision</c> when decimal), text
    /// <c>{"markdown": b}</c>, enumerator <c>{"multiSelect": b, "data": "[{menu, value}, ...]"}</c>, others <c>{}</c>.
    /// </summary>
    public static (string? Config, string? Problem) ConfigFor(string type, JsonObject? config)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!FtrackTypes.Contains(type))
        {
            return (null, $"type '{type}' is not one of {string.Join(", ", FtrackTypes)}");
        }

        switch (type)
        {
            case FtrackCustomAttributeTypes.Number:
                var decimalNumber = Flag(config?["isdecimal"]);
                var number = new JsonObject { ["isdecimal"] = decimalNumber };
                if (decimalNumber && config?["precision"] is { } precision)
                {
                    number["precision"] = precision.DeepClone();
                }

                return (PythonJson.Dumps(number), null);
            case FtrackCustomAttributeTypes.Text:
                return (PythonJson.Dumps(new JsonObject { ["markdown"] = Flag(config?["markdown"]) }), null);
            case FtrackCustomAttributeTypes.Enumerator:
                if (config?["data"] is not JsonArray data)
                {
                    return (null, "an enumerator needs its items (config.data)");
                }

                var items = new JsonArray();
                foreach (var (value, menu) in data.OfType<JsonObject>().SelectMany(item => item))
                {
                    items.Add(new JsonObject { ["menu"] = menu?.DeepClone(), ["value"] = value });
                }

                var multi = config.FirstOrDefault(p => string.Equals(p.Key, "multiselect", StringComparison.OrdinalIgnoreCase)).Value;
                return multi is not null && multi.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
                    ? (null, "multiSelect must be a boolean")
                    : (PythonJson.Dumps(new JsonObject { ["multiSelect"] = Flag(multi), ["data"] = PythonJson.Dumps(items) }), null);
            default:
                return ("{}", null);
        }
    }

    /// <summary>
    /// The ftrack type and config holding an AYON attribute: integer and float as numbers (float decimal), string as
    /// text, boolean, datetime as date, a list of strings as a multi-select enumerator of its enum items. Any other AYON
    /// type has no ftrack custom attribute type: a readable problem.
    /// </summary>
    public static (string? Type, string? Config, string? Problem) FtrackTypeOf(AttributeModel attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var data = attribute.Data;
        switch (data.Type)
        {
            case "integer" or "float":
                return (FtrackCustomAttributeTypes.Number, ConfigFor(FtrackCustomAttributeTypes.Number, new JsonObject { ["isdecimal"] = data.Type == "float" }).Config, null);
            case "string":
                return (FtrackCustomAttributeTypes.Text, ConfigFor(FtrackCustomAttributeTypes.Text, null).Config, null);
            case "boolean":
                return (FtrackCustomAttributeTypes.Boolean, "{}", null);
            case "datetime":
                return (FtrackCustomAttributeTypes.Date, "{}", null);
            case "list_of_strings":
                var items = EnumItems(data);
                return items.Count == 0
                    ? (null, null, $"AYON attribute '{attribute.Name}' is a list of strings without enum items, and an ftrack enumerator needs its items")
                    : (FtrackCustomAttributeTypes.Enumerator, ConfigFor(FtrackCustomAttributeTypes.Enumerator, new JsonObject
                    {
                        ["multiSelect"] = true,
                        ["data"] = new JsonArray([.. items.Select(i => (JsonNode?)new JsonObject { [i.Value] = i.Label })]),
                    }).Config, null);
            default:
                return (null, null, $"AYON attribute '{attribute.Name}' is of type '{data.Type}', which no ftrack custom attribute type holds (ftrack has {string.Join(", ", FtrackTypes)})");
        }
    }

    /// <summary>
    /// The attributes to ensure: the defaults, then, when the mapping is enabled, the hierarchical attribute of every
    /// hierarchical mapping item not already wanted (typed from its AYON attribute, labelled with its title). A mapping
    /// item that names no attribute, an AYON attribute that does not exist or has no ftrack type, a mandatory key, or a
    /// key wanted with another type is a problem. Standard items are not created (they name no entity type); the notes
    /// say which of their keys ftrack has on no entity type.
    /// </summary>
    public static (IReadOnlyList<Wanted> Wanted, IReadOnlyList<Problem> Problems, IReadOnlyList<string> Notes) Collect(
        IReadOnlyList<Wanted> defaults, AttributesMappingSettings mapping, IReadOnlyList<AttributeModel> ayonAttributes, IReadOnlyList<MandatoryAttributes.Configuration> configurations)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(ayonAttributes);
        ArgumentNullException.ThrowIfNull(configurations);
        var wanted = defaults.ToList();
        var problems = new List<Problem>();
        var notes = new List<string>();
        if (!mapping.Enabled)
        {
            notes.Add("The attribute mapping is disabled (custom_attributes.attributes_mapping.enabled): only the defaults file's attributes were ensured.");
            return (wanted, problems, notes);
        }

        foreach (var item in mapping.Mapping)
        {
            if (!item.IsHierarchical)
            {
                foreach (var key in item.Standard.Where(k => !configurations.Any(c => !c.IsHierarchical && c.Key == k)))
                {
                    notes.Add($"'{key}' (standard mapping of AYON attribute '{item.Name}') exists on no ftrack entity type; a standard mapping names no entity type, so it is not created here.");
                }

                continue;
            }

            var name = item.Hierarchical.Trim();
            if (name.Length == 0)
            {
                problems.Add(new Problem(item.Name, $"the mapping item of AYON attribute '{item.Name}' is hierarchical but names no ftrack attribute"));
                continue;
            }

            if (FtrackCustomAttributes.FindMandatory(name) is not null)
            {
                problems.Add(new Problem(name, $"the mapping maps AYON attribute '{item.Name}' to '{name}', a mandatory attribute that holds AYON's own data"));
                continue;
            }

            if (ayonAttributes.FirstOrDefault(a => a.Name == item.Name) is not { } attribute)
            {
                problems.Add(new Problem(name, $"the mapping names AYON attribute '{item.Name}', which AYON does not have"));
                continue;
            }

            var (type, config, problem) = FtrackTypeOf(attribute);
            if (type is null || config is null)
            {
                problems.Add(new Problem(name, $"not created for the mapping: {problem}"));
                continue;
            }

            if (wanted.FirstOrDefault(w => w.Key == name) is { } other)
            {
                if (other.Type != type)
                {
                    problems.Add(new Problem(name, $"AYON attribute '{item.Name}' ({attribute.Data.Type}) needs a {type} attribute, but '{name}' is a {other.Type} attribute of {other.Source}"));
                }

                continue;
            }

            var label = string.IsNullOrWhiteSpace(attribute.Data.Title) ? attribute.Name : attribute.Data.Title;
            wanted.Add(new Wanted(name, label, type, config, $"the mapping of AYON attribute '{item.Name}'"));
        }

        return (wanted, problems, notes);
    }

    /// <summary>
    /// What ftrack must change for <paramref name="wanted"/> (the original's <c>process_attribute</c>, hierarchical only):
    /// a missing attribute is created on <c>show</c> with its label, type, config and every security role for reading and
    /// writing; one of the same key and type is updated in exactly the fields that differ (label, config, roles; group
    /// and default are left as they are); an <c>fps</c> kept as text stays; a same-key attribute of another type, several
    /// of the same key and type, or a type ftrack lacks is a problem, and nothing is written for it.
    /// </summary>
    public static Plan Decide(MandatoryAttributes.Current current, IReadOnlyList<Wanted> wanted)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(wanted);
        var roles = current.Roles;
        var changes = new List<Change>();
        var unchanged = new List<string>();
        var kept = new List<string>();
        var problems = new List<Problem>();
        foreach (var attribute in wanted)
        {
            var typeId = current.Types.FirstOrDefault(t => string.Equals(t.Name, attribute.Type, StringComparison.OrdinalIgnoreCase))?.Id;
            if (typeId is null)
            {
                problems.Add(new Problem(attribute.Key, $"ftrack has no custom attribute type '{attribute.Type}' (needed by {attribute.Source})"));
                continue;
            }

            var sameKey = current.Configurations.Where(c => c.IsHierarchical && c.Key == attribute.Key).ToList();
            var textId = current.Types.FirstOrDefault(t => string.Equals(t.Name, FtrackCustomAttributeTypes.Text, StringComparison.OrdinalIgnoreCase))?.Id;
            if (typeId != textId && FtrackCustomAttributeKeys.FpsKeys.Contains(attribute.Key) && sameKey.Any(c => c.TypeId == textId))
            {
                kept.Add($"{attribute.Key}: kept as the text attribute ftrack has");
                continue;
            }

            var matching = sameKey.Where(c => c.TypeId == typeId).ToList();
            if (matching.Count > 1)
            {
                problems.Add(new Problem(attribute.Key, $"ftrack has {matching.Count} hierarchical {attribute.Type} attributes '{attribute.Key}'; delete all but one"));
                continue;
            }

            if (matching.Count == 0 && sameKey.Count > 0)
            {
                var otherType = current.Types.FirstOrDefault(t => t.Id == sameKey[0].TypeId)?.Name ?? sameKey[0].TypeId ?? "unknown";
                problems.Add(new Problem(attribute.Key,
                    $"ftrack has a hierarchical '{attribute.Key}' of type {otherType}, and a key holds one hierarchical attribute, so the {attribute.Type} one of {attribute.Source} cannot be created; change or delete it in ftrack"));
                continue;
            }

            if (matching.Count == 0)
            {
                changes.Add(new Change(attribute, new MandatoryAttributes.Write(attribute.Key, null, [], new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["key"] = attribute.Key,
                    ["label"] = attribute.Label,
                    ["type_id"] = typeId,
                    ["is_hierarchical"] = true,
                    ["entity_type"] = AttributeEntityTypes.Show,
                    ["config"] = attribute.Config,
                    ["read_security_roles"] = MandatoryAttributes.RoleRefs(roles),
                    ["write_security_roles"] = MandatoryAttributes.RoleRefs(roles),
                })));
                continue;
            }

            var existing = matching[0];
            var changed = new List<string>();
            var data = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (!string.Equals(existing.Label, attribute.Label, StringComparison.Ordinal))
            {
                changed.Add("label");
                data["label"] = attribute.Label;
            }

            if (!MandatoryAttributes.SameConfig(existing.Config, attribute.Config))
            {
                changed.Add("config");
                data["config"] = attribute.Config;
            }

            foreach (var (field, ids) in new[] { ("read_security_roles", existing.ReadRoleIds), ("write_security_roles", existing.WriteRoleIds) })
            {
                if (!MandatoryAttributes.SameSet(ids, roles))
                {
                    changed.Add(field);
                    data[field] = MandatoryAttributes.RoleRefs(roles);
                }
            }

            if (changed.Count == 0)
            {
                unchanged.Add(attribute.Key);
            }
            else
            {
                changes.Add(new Change(attribute, new MandatoryAttributes.Write(attribute.Key, existing.Id, changed, data)));
            }
        }

        return new Plan(changes, unchanged, kept, problems);
    }

    /// <summary>The one-line result: counts, and each failure with its reason.</summary>
    public static string Summary(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = $"{outcome.Created.Count} created, {outcome.Updated.Count} updated, {outcome.Unchanged.Count} unchanged";
        if (outcome.Kept.Count > 0)
        {
            text += $", {outcome.Kept.Count} kept";
        }

        return outcome.Failures.Count == 0
            ? text + "."
            : text + $"; {outcome.Failures.Count} failed: {string.Join("; ", outcome.Failures.Select(f => $"{f.Name} ({f.Message})"))}.";
    }

    /// <summary>The text report attached to the Job: the summary, then every list by name.</summary>
    public static string Report(Outcome outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"Create/Update Custom Attributes, {at:yyyy-MM-dd HH:mm:ss zzz}\n{Summary(outcome)}\n");
        foreach (var (title, keys) in new[] { ("Created", outcome.Created), ("Updated", outcome.Updated), ("Unchanged", outcome.Unchanged), ("Kept", outcome.Kept) })
        {
            if (keys.Count > 0)
            {
                report.Append(CultureInfo.InvariantCulture, $"\n{title}:\n").AppendJoin("", keys.Select(k => $"  {k}\n"));
            }
        }

        if (outcome.Failures.Count > 0)
        {
            report.Append("\nFailed (nothing was written for these):\n").AppendJoin("", outcome.Failures.Select(f => $"  Attribute \"{f.Name}\": {f.Message}\n"));
        }

        if (outcome.Notes.Count > 0)
        {
            report.Append("\nNotes:\n").AppendJoin("", outcome.Notes.Select(n => $"  {n}\n"));
        }

        return report.ToString();
    }

    private static bool Flag(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The enum items of an AYON attribute (<c>data.enum</c>: <c>{value, label}</c> objects or plain values).</summary>
    private static List<(string Value, string Label)> EnumItems(AttributeData data)
    {
        if (data.Extra?.GetValueOrDefault("enum") is not { ValueKind: JsonValueKind.Array } items)
        {
            return [];
        }

        var result = new List<(string, string)>();
        foreach (var item in items.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("value", out var v) ? v : item;
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                continue;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            var label = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : text;
            result.Add((text, label));
        }

        return result;
    }
}
