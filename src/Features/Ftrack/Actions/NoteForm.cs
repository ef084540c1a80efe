using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>
/// The note form of the "Multiple Notes" actions, the processor's (P-04) and the artist's (U-12): the note text and a
/// category among ftrack's note categories, and the submitted values read back. Each action keeps its own "no category"
/// value (the originals differ), passed as <c>noCategory</c>.
/// </summary>
public static class NoteForm
{
    /// <summary>The form: the note, and a category among <paramref name="categories"/> (<paramref name="noCategory"/> preselected).</summary>
    public static ActionResult Form(IReadOnlyList<(string Id, string Name)> categories, string noCategory)
    {
        ArgumentNullException.ThrowIfNull(categories);
        JsonNode[] data =
        [
            new JsonObject { ["label"] = "- None -", ["value"] = noCategory },
            .. categories.Select(c => (JsonNode)new JsonObject { ["label"] = c.Name, ["value"] = c.Id }),
        ];
        return ActionResult.Form(
        [
            new JsonObject { ["type"] = "label", ["value"] = "# Enter note: #" },
            new JsonObject { ["type"] = "textarea", ["name"] = "note" },
            new JsonObject { ["type"] = "label", ["value"] = "---" },
            new JsonObject { ["type"] = "label", ["value"] = "## Category: ##" },
            new JsonObject { ["type"] = "enumerator", ["name"] = "category", ["data"] = new JsonArray(data), ["value"] = noCategory },
        ]);
    }

    /// <summary>The submitted note text, or null when none (or only blanks) was entered.</summary>
    public static string? NoteOf(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values["note"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;
    }

    /// <summary>The chosen category id, or null for none (<paramref name="noCategory"/> or nothing chosen).</summary>
    public static string? CategoryOf(JsonObject values, string noCategory)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values["category"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } id && id != noCategory ? id : null;
    }
}
