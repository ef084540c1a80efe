using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The folder rules of the sync (P-22, P-16 1b): an ftrack context that is not a Task is the AYON folder linked by
/// <c>ftrackId</c>, else the one its stored <c>ayon_id</c> names, else the one of its name under the same parent
/// (case-insensitive); a folder holding products keeps its name and parent. Pure.
/// </summary>
public static class FolderRules
{
    /// <summary>
    /// True when <paramref name="existing"/> holds products and the ftrack change would give it another name (slug) or
    /// parent: such a folder may be renamed only when its slug stays the same (behaviour reference P-16 1b, P-22 6).
    /// </summary>
    public static bool IsRefusedHierarchyChange(FolderNode existing, string name, string? parentAyonId)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return existing.HasProducts
            && (!string.Equals(existing.Name, name, StringComparison.Ordinal) || existing.ParentId != parentAyonId);
    }

    /// <summary>The AYON folder of <paramref name="context"/> (not claimed yet), or null.</summary>
    internal static FolderNode? Find(FtrackContextInfo context, IReadOnlyList<FolderNode> folders, Dictionary<string, FolderNode> byId, string? storedAyonId,
        string? parentAyonId, string name, HashSet<string> claimed, HashSet<string> live)
    {
        return folders.FirstOrDefault(f => !claimed.Contains(f.Id) && f.FtrackId == context.Id)
            ?? (storedAyonId is { Length: > 0 } && byId.TryGetValue(storedAyonId, out var byAyonId) && !claimed.Contains(byAyonId.Id) && !EntityRules.IsLiveOther(byAyonId.FtrackId, context.Id, live) ? byAyonId : null)
            ?? folders.FirstOrDefault(f => !claimed.Contains(f.Id) && f.ParentId == parentAyonId
                && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && !EntityRules.IsLiveOther(f.FtrackId, context.Id, live));
    }

    /// <summary>The data of a new folder.</summary>
    internal static JsonObject CreateData(FtrackContextInfo context, string name, string folderType, string? parentAyonId, string? status, JsonObject attrib)
    {
        var data = new JsonObject
        {
            ["name"] = name, ["folderType"] = folderType, ["parentId"] = parentAyonId, ["attrib"] = attrib,
        };
        if (EntityRules.LabelFor(name, context.Name) is { } label)
        {
            data["label"] = label;
        }

        if (status is not null)
        {
            data["status"] = status;
        }

        return data;
    }

    /// <summary>What differs between the folder and its ftrack context (empty when nothing).</summary>
    internal static JsonObject Diff(FolderNode existing, FtrackContextInfo context, string name, string folderType, string? parentId, string? status, JsonObject attrib)
    {
        var data = new JsonObject();
        if (!string.Equals(existing.Name, name, StringComparison.Ordinal))
        {
            data["name"] = name;
        }

        if (EntityRules.LabelFor(name, context.Name) is var label && !string.Equals(EntityRules.LabelFor(existing.Name, existing.Label), label, StringComparison.Ordinal))
        {
            data["label"] = label;
        }

        if (!string.Equals(existing.FolderType, folderType, StringComparison.Ordinal))
        {
            data["folderType"] = folderType;
        }

        if (existing.ParentId != parentId)
        {
            data["parentId"] = parentId;
        }

        EntityRules.CommonDiff(existing, status, attrib, data);
        return data;
    }

    /// <summary>The path of a folder that keeps its place (AYON's, else under <paramref name="parentPath"/>).</summary>
    internal static string ExistingPath(FolderNode existing, string? parentPath) =>
        existing.Path is { Length: > 0 } path ? "/" + path.TrimStart('/') : SyncConventions.ChildPath(parentPath, existing.Name);
}
