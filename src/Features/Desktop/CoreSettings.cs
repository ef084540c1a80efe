using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// Reads of the <c>core</c> addon's settings and of the AYON user that the artist's actions put into template data
/// (ayon-core <c>get_general_template_data</c>: <c>studio[name]</c>, <c>studio[code]</c>, <c>user[name]</c>) or make
/// folders of (<c>project_folder_structure</c>).
/// </summary>
public static class CoreSettings
{
    /// <summary>The core addon's settings of the variant's bundle (project overrides applied when a project is given); null when the bundle has no core addon.</summary>
    public static async Task<JsonElement?> ReadAsync(IAyonApi api, string variant, string? projectName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var all = await api.GetAllSettingsAsync(variant, projectName, cancellationToken);
        if (all.ValueKind != JsonValueKind.Object || !all.TryGetProperty("addons", out var addons) || addons.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var addon in addons.EnumerateArray())
        {
            if (addon.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "core"
                && addon.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                return settings.Clone();
            }
        }

        return null;
    }

    /// <summary>
    /// <c>{studio: {name, code}, user: {name}}</c>: the studio from the core settings (empty strings when unset), the user
    /// as AYON knows the desktop's session.
    /// </summary>
    public static JsonObject GeneralTemplateData(JsonElement? core, string? userName)
    {
        static string Text(JsonElement? settings, string key) =>
            settings is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return new JsonObject
        {
            ["studio"] = new JsonObject { ["name"] = Text(core, "studio_name"), ["code"] = Text(core, "studio_code") },
            ["user"] = new JsonObject { ["name"] = userName ?? "" },
        };
    }
}
