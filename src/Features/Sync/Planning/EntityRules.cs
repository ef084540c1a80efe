using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The rules folders and tasks share (P-22 matching): an AYON entity linked to another live ftrack context is never
/// taken over; a new entity keeps the <c>ayon_id</c> ftrack stored for it when that id is free; a label is stored only
/// where it differs from the name; an update reactivates the entity and sets its status and differing attributes. Pure.
/// </summary>
internal static class EntityRules
{
    /// <summary>True when <paramref name="ftrackId"/> names a live ftrack context other than <paramref name="self"/>.</summary>
    public static bool IsLiveOther(string? ftrackId, string self, HashSet<string> live) =>
        ftrackId is { Length: > 0 } && ftrackId != self && live.Contains(ftrackId);

    /// <summary>The id of a new AYON entity: the stored <c>ayon_id</c> when it is a free AYON id, else a new one.</summary>
    public static string NewId(string? storedAyonId, Dictionary<string, FolderNode> folders, Dictionary<string, TaskNode> tasks, HashSet<string> claimed) =>
        storedAyonId is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower) && !folders.ContainsKey(id) && !tasks.ContainsKey(id) && !claimed.Contains(id)
            ? id
            : Guid.NewGuid().ToString("N");

    /// <summary>
    /// The label to store for an entity named <paramref name="name"/> whose ftrack name is <paramref name="ftrackName"/>:
    /// null when they are the same, as the original stores it (ayon_api's EntityHub sends a label only where it differs
    /// from the name, and clears it when a rename makes them equal).
    /// </summary>
    public static string? LabelFor(string name, string? ftrackName) =>
        string.IsNullOrEmpty(ftrackName) || string.Equals(ftrackName, name, StringComparison.Ordinal) ? null : ftrackName;

    /// <summary>Adds to <paramref name="data"/> what every update sets when it differs: active, status, own attributes.</summary>
    public static void CommonDiff(EntityNode existing, string? status, JsonObject attrib, JsonObject data)
    {
        if (!existing.Active)
        {
            data["active"] = true;
        }

        if (status is not null && !string.Equals(existing.Status, status, StringComparison.OrdinalIgnoreCase))
        {
            data["status"] = status;
        }

        if (AttributeRules.Changed(existing, attrib) is { } changed)
        {
            data["attrib"] = changed;
        }
    }
}
