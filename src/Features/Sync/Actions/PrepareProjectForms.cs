using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>The wizard's forms and reports (<see cref="PrepareProject"/>): the rename, preset and attribute forms, the values they return, and the report when the mandatory attributes fail.</summary>
public static partial class PrepareProject
{
    /// <summary>Step 3: the preset and auto-sync form. <paramref name="autoSync"/> null (no attribute in ftrack) hides the switch as off.</summary>
    public static ActionResult PresetForm(IReadOnlyList<AnatomyPresetItem> presets, bool? autoSync)
    {
        ArgumentNullException.ThrowIfNull(presets);
        var primary = presets.FirstOrDefault(p => p.Primary)?.Name ?? DefaultPreset;
        List<JsonObject> items =
        [
            new() { ["type"] = "hidden", ["name"] = "in_attribute_set", ["value"] = false },
            new() { ["type"] = "label", ["value"] = "### Choose Anatomy Preset" },
            new()
            {
                ["label"] = "AYON Anatomy Preset",
                ["type"] = "enumerator",
                ["name"] = "anatomy_preset",
                ["data"] = new JsonArray([new JsonObject { ["label"] = "Default", ["value"] = DefaultPreset }, .. presets.Select(p => (JsonNode)new JsonObject { ["label"] = p.Name, ["value"] = p.Name })]),
                ["value"] = primary,
            },
            autoSync is { } on
                ? new() { ["label"] = "Enable auto-sync", ["type"] = "boolean", ["name"] = "auto_sync_project", ["value"] = on }
                : new() { ["type"] = "hidden", ["name"] = "auto_sync_project", ["value"] = false },
        ];
        return ActionResult.Form(items, "Choose AYON Anatomy Preset", "Continue");
    }

    /// <summary>
    /// Step 4: the attribute form: every project attribute but <see cref="HiddenAttributes"/>, pre-filled from the
    /// preset's attributes (else the attribute's default); lists of strings as one checkbox per enum item plus a hidden
    /// <c>attr_list_&lt;name&gt;</c> map; lists of integers skipped; other types listed as unknown.
    /// </summary>
    public static ActionResult AttributeForm(JsonObject values, JsonObject presetAttributes, IEnumerable<AttributeModel> attributes, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(presetAttributes);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(newId);
        List<JsonObject> items =
        [
            new() { ["type"] = "hidden", ["name"] = "in_attribute_set", ["value"] = true },
            new() { ["type"] = "hidden", ["name"] = "anatomy_preset", ["value"] = values["anatomy_preset"]?.DeepClone() },
            new() { ["type"] = "hidden", ["name"] = "auto_sync_project", ["value"] = values["auto_sync_project"]?.DeepClone() },
            new() { ["type"] = "label", ["value"] = "<b>You can validate or change your default project attributes.</b>" },
        ];
        var lists = new List<JsonObject>();
        var unknown = new List<JsonObject>();
        foreach (var attribute in attributes.Where(a => a.Scope.Contains("project") && !HiddenAttributes.Contains(a.Name)))
        {
            var title = string.IsNullOrEmpty(attribute.Data.Title) ? attribute.Name : attribute.Data.Title;
            var value = presetAttributes[attribute.Name]?.DeepClone() ?? attribute.Data.Default?.DeepClone();
            var kind = attribute.Data.Type switch
            {
                "float" or "integer" => "number",
                "datetime" => "date",
                "boolean" => "boolean",
                "string" => "text",
                _ => null,
            };
            if (attribute.Data.Type == "list_of_integers")
            {
                continue;
            }

            if (attribute.Data.Type == "list_of_strings")
            {
                lists.AddRange(ListItems(attribute.Name, title, EnumItems(attribute), value as JsonArray, newId));
            }
            else if (kind is null)
            {
                unknown.Add(new JsonObject { ["type"] = "label", ["value"] = $"{attribute.Name}: {attribute.Data.Type}" });
            }
            else
            {
                items.Add(new JsonObject { ["name"] = $"attr_{attribute.Name}", ["label"] = title, ["value"] = value, ["type"] = kind });
            }
        }

        items.AddRange(lists);
        if (unknown.Count > 0)
        {
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "Unknown types" });
            items.AddRange(unknown);
        }

        return ActionResult.Form(items, "Default project attributes", "Confirm");
    }

    /// <summary>The attributes the user confirmed: <c>attr_&lt;name&gt;</c> values, and for <c>attr_list_&lt;name&gt;</c> the values whose checkbox is on.</summary>
    public static JsonObject CollectAttributes(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attributes = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (key.StartsWith("attr_list_", StringComparison.Ordinal))
            {
                var mapping = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonNode.Parse(v.GetValue<string>()) as JsonObject : value as JsonObject;
                attributes[key["attr_list_".Length..]] = new JsonArray([.. (mapping ?? []).Where(m => IsOn(values[m.Key])).Select(m => m.Value?.DeepClone())]);
            }
            else if (key.StartsWith("attr_", StringComparison.Ordinal))
            {
                attributes[key["attr_".Length..]] = value?.DeepClone();
            }
        }

        return attributes;
    }

    /// <summary>The truth of a form value (checkboxes send booleans; older clients strings).</summary>
    public static bool IsOn(JsonNode? value) => value is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => v.GetValue<string>().Trim() is "1" || string.Equals(v.GetValue<string>().Trim(), "true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Number => v.GetValue<double>() != 0,
        _ => false,
    };

    private static IEnumerable<JsonObject> ListItems(string name, string title, IReadOnlyList<(string Label, JsonNode? Value)> items, JsonArray? selected, Func<string> newId)
    {
        yield return new JsonObject { ["type"] = "label", ["value"] = "---" };
        yield return new JsonObject { ["type"] = "label", ["value"] = $"Attribute '{title}' selection:" };
        var mapping = new JsonObject();
        foreach (var (label, value) in items)
        {
            var id = newId();
            mapping[id] = value?.DeepClone();
            yield return new JsonObject
            {
                ["type"] = "boolean",
                ["label"] = label,
                ["name"] = id,
                ["value"] = selected?.Any(s => JsonNode.DeepEquals(s, value)) == true,
            };
        }

        yield return new JsonObject { ["type"] = "hidden", ["name"] = $"attr_list_{name}", ["value"] = mapping.ToJsonString() };
    }

    private static List<(string Label, JsonNode? Value)> EnumItems(AttributeModel attribute)
    {
        if (attribute.Data.Extra is null || !attribute.Data.Extra.TryGetValue("enum", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => (
            i.TryGetProperty("label", out var l) ? l.ToString() : i.GetProperty("value").ToString(),
            i.TryGetProperty("value", out var v) ? JsonNode.Parse(v.GetRawText()) : null))];
    }

    private static ActionResult RenameForm(string fullName, string code, string? nameHint, string? codeHint, string? newName, string? newCode)
    {
        var invalid = new List<string>();
        if (nameHint is not null)
        {
            invalid.Add("name");
        }

        if (codeHint is not null)
        {
            invalid.Add("code");
        }

        var keys = string.Join(" and ", invalid);
        var repeated = newName is not null || newCode is not null;
        var intro = $"Project {keys} contain{(invalid.Count > 1 ? "" : "s")} invalid characters. Only alphanumeric characters and underscore are allowed (a-Z0-9_)."
            + $"<br/><br/>- Project name: {fullName}<br/>- Project code: {code}";
        List<JsonObject> items =
        [
            new() { ["type"] = "label", ["value"] = "# Introduction" },
            new() { ["type"] = "label", ["value"] = (repeated ? "Entered values are <b>not valid</b>.<br/><br/>" : "") + intro },
            new() { ["type"] = "label", ["value"] = "---" },
            new() { ["type"] = "label", ["value"] = "# Choose action" },
            new()
            {
                ["type"] = "enumerator",
                ["label"] = "Action",
                ["name"] = "invalid_name_action",
                ["value"] = repeated ? "rename" : "skip_prep",
                ["data"] = new JsonArray(
                    new JsonObject { ["label"] = "Skip project preparation", ["value"] = "skip_prep" },
                    new JsonObject { ["label"] = "Rename project", ["value"] = "rename" }),
            },
            new() { ["type"] = "label", ["value"] = "---" },
            new() { ["type"] = "label", ["value"] = "# Rename" },
            new() { ["type"] = "label", ["value"] = "Ignore if \"<b>Skip project preparation</b>\" is selected." },
        ];
        AddField(items, "New project name", "new_project_name", nameHint, newName);
        AddField(items, "New project code", "new_project_code", codeHint, newCode);
        items.Add(new JsonObject { ["type"] = "label", ["value"] = "<br/><b>WARNING</b>: Rename action will change the project values in ftrack." });
        return ActionResult.Form(items, $"Invalid project {keys}", "Confirm");

        static void AddField(List<JsonObject> items, string label, string name, string? hint, string? entered)
        {
            if (hint is null)
            {
                return;
            }

            var suffix = entered is null ? "" : hint == entered ? " (valid)" : " (invalid)";
            items.Add(new JsonObject { ["type"] = "label", ["value"] = "---" });
            items.Add(new JsonObject { ["type"] = "label", ["value"] = label + suffix });
            items.Add(new JsonObject { ["type"] = "text", ["name"] = name, ["value"] = hint });
        }
    }

    /// <summary>The report shown when the mandatory attributes could not be ensured: what failed, and how to fix the API key's permissions.</summary>
    public static IReadOnlyList<JsonObject> AttributesFailedReport(MandatoryAttributeException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return
        [
            new() { ["type"] = "label", ["value"] = "## Failed to create AYON mandatory custom attributes" },
            new() { ["type"] = "label", ["value"] = System.Net.WebUtility.HtmlEncode(error.Message) },
            new()
            {
                ["type"] = "label",
                ["value"] = "Synchronisation from ftrack to AYON needs the mandatory custom attributes. The ftrack API key of the services"
                    + " may lack the permission to create or change them.<br/><br/>Give it the 'Manage settings' permission, or use an"
                    + " administrator's API key for the services. The action 'AYON Admin - Create/Update custom attributes' creates them too.",
            },
        ];
    }

    private static string? Str(JsonObject values, string key) =>
        values[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
