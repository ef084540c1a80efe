using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>Hand-written <c>ftrack.update</c> payloads in the shape of ftrack-protocol.md §4.</summary>
internal static class SyncEvents
{
    public const string Project = "24b76ed8-0000-4000-8000-00000000000p";
    public const string Sequence = "sq-1";
    public const string Shot = "sh-1";
    public const string Task = "t-1";

    public static FtrackEvent Update(params JsonObject[] entities) =>
        FtrackEvent.FromHub(JsonSerializer.SerializeToElement(new JsonObject
        {
            ["id"] = "ev-1",
            ["topic"] = "ftrack.update",
            ["source"] = new JsonObject { ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "u-1" } },
            ["data"] = new JsonObject { ["entities"] = new JsonArray([.. entities]) },
        }));

    public static JsonObject Item(string action, string id, string entityType, string concrete, string? parentId, JsonObject changes, params (string Id, string Type, string Concrete, string? Parent)[] ancestors)
    {
        var parents = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = entityType, ["entity_type"] = concrete, ["parentId"] = parentId });
        foreach (var a in ancestors)
        {
            parents.Add(new JsonObject { ["entityId"] = a.Id, ["entityType"] = a.Type, ["entity_type"] = a.Concrete, ["parentId"] = a.Parent });
        }

        parents.Add(new JsonObject { ["entityId"] = Project, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null });
        return new JsonObject
        {
            ["action"] = action, ["entityId"] = id, ["entityType"] = entityType, ["entity_type"] = concrete, ["parentId"] = parentId,
            ["keys"] = new JsonArray([.. changes.Select(p => (JsonNode?)p.Key)]), ["changes"] = changes,
            ["parents"] = parents,
        };
    }

    public static JsonObject Change(string key, string? oldValue, string? newValue) =>
        new() { [key] = new JsonObject { ["old"] = oldValue, ["new"] = newValue } };

    public static JsonObject ShotItem(string action, JsonObject changes) =>
        Item(action, Shot, "task", "Shot", Sequence, changes, (Sequence, "task", "Sequence", Project));

    public static JsonObject TaskItem(string action, JsonObject changes) =>
        Item(action, Task, "task", "Task", Shot, changes, (Shot, "task", "Shot", Sequence), (Sequence, "task", "Sequence", Project));
}
