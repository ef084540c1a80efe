using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The task rules of the sync (P-22): an ftrack Task is the AYON task linked by <c>ftrackId</c>, else the one its stored
/// <c>ayon_id</c> names, else the one of its name in the same folder (case-insensitive); its type, folder, assignees,
/// status and attributes follow ftrack. Pure.
/// </summary>
internal static class TaskRules
{
    /// <summary>The AYON task of <paramref name="context"/> (not claimed yet), or null.</summary>
    public static TaskNode? Find(FtrackContextInfo context, IReadOnlyList<TaskNode> tasks, Dictionary<string, TaskNode> byId, string? storedAyonId,
        string parentAyonId, string name, HashSet<string> claimed, HashSet<string> live)
    {
        return tasks.FirstOrDefault(t => !claimed.Contains(t.Id) && t.FtrackId == context.Id)
            ?? (storedAyonId is { Length: > 0 } && byId.TryGetValue(storedAyonId, out var byAyonId) && !claimed.Contains(byAyonId.Id) && !EntityRules.IsLiveOther(byAyonId.FtrackId, context.Id, live) ? byAyonId : null)
            ?? tasks.FirstOrDefault(t => !claimed.Contains(t.Id) && t.FolderId == parentAyonId
                && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) && !EntityRules.IsLiveOther(t.FtrackId, context.Id, live));
    }

    /// <summary>The data of a new task.</summary>
    public static JsonObject CreateData(FtrackContextInfo context, string name, string folderId, string? status, JsonObject attrib, IReadOnlyList<string> assignees)
    {
        var data = new JsonObject
        {
            ["name"] = name, ["taskType"] = context.TypeName ?? "", ["folderId"] = folderId, ["attrib"] = attrib,
            ["assignees"] = new JsonArray([.. assignees.Select(a => (JsonNode?)a)]),
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

    /// <summary>What differs between the task and its ftrack context (empty when nothing).</summary>
    public static JsonObject Diff(TaskNode existing, FtrackContextInfo context, string name, string folderId, string? status, JsonObject attrib, IReadOnlyList<string> assignees)
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

        if (context.TypeName is { } type && !string.Equals(existing.TaskType, type, StringComparison.Ordinal))
        {
            data["taskType"] = type;
        }

        if (existing.FolderId != folderId)
        {
            data["folderId"] = folderId;
        }

        if (!existing.Assignees.ToHashSet(StringComparer.Ordinal).SetEquals(assignees))
        {
            data["assignees"] = new JsonArray([.. assignees.Select(a => (JsonNode?)a)]);
        }

        EntityRules.CommonDiff(existing, status, attrib, data);
        return data;
    }
}
