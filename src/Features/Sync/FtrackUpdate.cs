using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Sync;

/// <summary>One old/new pair of an <c>ftrack.update</c> change (custom attribute values are strings on the wire).</summary>
public sealed record ChangeValue(string? Old, string? New);

/// <summary>One entity change item of an <c>ftrack.update</c> event (ftrack-protocol.md §4.2), with the project id found in <c>parents</c>.</summary>
public sealed record EntityChange(
    string Action,
    string EntityId,
    string EntityType,
    string? ConcreteType,
    string? ParentId,
    string? ProjectId,
    int Depth,
    IReadOnlyDictionary<string, ChangeValue> Changes)
{
    /// <summary>A TypedContext (legacy <c>task</c>) that is not a Milestone.</summary>
    public bool IsContext => EntityType == "task" && !string.Equals(ConcreteType, "Milestone", StringComparison.Ordinal);

    /// <summary>A ftrack Task (AYON task).</summary>
    public bool IsTask => IsContext && string.Equals(ConcreteType, "Task", StringComparison.Ordinal);

    /// <summary><c>move</c> is treated as <c>update</c>.</summary>
    public bool IsUpdate => Action is "update" or "move";

    /// <summary>The ids of the entity's ftrack ancestors named in the event's <c>parents</c> (nearest first, without the entity and the project).</summary>
    public IReadOnlyList<string> Ancestors { get; init; } = [];

    /// <summary>The legacy entity type of the nearest parent named in <c>parents</c> (<c>task</c>, <c>assetversion</c>, <c>show</c>, ...), or null.</summary>
    public string? ParentType { get; init; }

    /// <summary>True when <paramref name="key"/> changed.</summary>
    public bool Changed(string key) => Changes.ContainsKey(key);
}

/// <summary>Reads the entity change items of an <c>ftrack.update</c> event (pure; bad items are skipped, never thrown).</summary>
public static class FtrackUpdate
{
    /// <summary>The topic the incremental sync listens to.</summary>
    public const string Topic = Topics.FtrackUpdate;

    /// <summary>Keys the sync drops from updates (thumbnail and priority changes do not sync).</summary>
    public static readonly IReadOnlySet<string> IgnoredKeys = new HashSet<string>(StringComparer.Ordinal) { "thumbid", "priorityid" };

    /// <summary>The change items of the event; empty when the topic is not <c>ftrack.update</c>.</summary>
    public static IReadOnlyList<EntityChange> Changes(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!string.Equals(e.Topic, Topic, StringComparison.Ordinal))
        {
            return [];
        }

        var result = new List<EntityChange>();
        foreach (var item in e.Entities)
        {
            if (item.ValueKind != JsonValueKind.Object || Str(item, "entityId") is not { } id || Str(item, "action") is not { } action)
            {
                continue;
            }

            var changes = new Dictionary<string, ChangeValue>(StringComparer.Ordinal);
            if (item.TryGetProperty("changes", out var changesJson) && changesJson.ValueKind == JsonValueKind.Object)
            {
                foreach (var change in changesJson.EnumerateObject())
                {
                    if (change.Value.ValueKind == JsonValueKind.Object && !IgnoredKeys.Contains(change.Name))
                    {
                        changes[change.Name] = new ChangeValue(Scalar(change.Value, "old"), Scalar(change.Value, "new"));
                    }
                }
            }

            string? projectId = null;
            string? parentType = null;
            var depth = 0;
            var ancestors = new List<string>();
            if (item.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array)
            {
                foreach (var parent in parents.EnumerateArray())
                {
                    depth++;
                    if (parentType is null && parent.ValueKind == JsonValueKind.Object && Str(parent, "entityId") is { } someId && someId != id)
                    {
                        parentType = Str(parent, "entityType");
                    }

                    if (parent.ValueKind == JsonValueKind.Object && Str(parent, "entityType") == "show")
                    {
                        projectId = Str(parent, "entityId");
                    }
                    else if (parent.ValueKind == JsonValueKind.Object && Str(parent, "entityId") is { } parentId && parentId != id)
                    {
                        ancestors.Add(parentId);
                    }
                }
            }

            var entityType = Str(item, "entityType") ?? "";
            if (entityType == "show")
            {
                projectId = id;
            }

            result.Add(new EntityChange(action, id, entityType, Str(item, "entity_type"), Str(item, "parentId"), projectId, depth, changes) { Ancestors = ancestors, ParentType = parentType });
        }

        return result;
    }

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Scalar(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;
}
