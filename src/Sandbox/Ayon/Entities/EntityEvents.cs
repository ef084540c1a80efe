using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// An event the entity model produces; the emulator stores it after commit with the request's
/// <c>user</c>, <c>sender</c> and <c>senderType</c> (ayon-protocol.md §4.2 envelope).
/// </summary>
internal sealed record EntityEventDraft(string Topic, string? Project, string Description, JsonObject Summary, JsonObject Payload)
{
    /// <summary>The acting user when it differs from the request's (an operation run with <c>asUser</c>).</summary>
    public string? User { get; init; }
}

/// <summary>Behaviour switches of the entity events.</summary>
public sealed record EntityEventOptions
{
    /// <summary>
    /// Reproduce the real server's shared summary object (§6.2): when one update changes several
    /// aspects, every event of that update carries the same summary, whose <c>value</c> is the last one
    /// assigned. On by default, because consumers must not rely on <c>summary.value</c>; switch off to
    /// give each event its own summary.
    /// </summary>
    public bool SharedSummaryObject { get; init; } = true;

    /// <summary>Audit trail (open point 3): when off, events carry no <c>oldValue</c>/<c>newValue</c>/<c>entityData</c> payload.</summary>
    public bool AuditTrail { get; init; } = true;

    /// <summary>The real server emits <c>tags_changed</c> a second time after <c>files_changed</c> (§6.2).</summary>
    public bool DuplicateTagsEvent { get; init; } = true;
}

/// <summary>Turns an entity's before/after state into the §4.2 events (pure).</summary>
internal static class EntityEvents
{
    public static EntityEventDraft Created(string project, EntityKind kind, JsonObject entity, string? path) =>
        new(
            $"entity.{kind.Name}.created",
            project,
            $"Created {kind.Name} {path ?? Name(entity)}",
            new JsonObject { ["entityId"] = Str(entity, "id"), ["parentId"] = ParentId(kind, entity) },
            []);

    public static EntityEventDraft Deleted(string project, EntityKind kind, JsonObject entity, string? path, EntityEventOptions options)
    {
        var payload = new JsonObject();
        if (options.AuditTrail)
        {
            payload["entityData"] = WithoutNulls(entity);
        }

        return new(
            $"entity.{kind.Name}.deleted",
            project,
            $"Deleted {kind.Name} {path ?? Name(entity)}",
            new JsonObject { ["entityId"] = Str(entity, "id"), ["parentId"] = ParentId(kind, entity) },
            payload);
    }

    /// <summary>
    /// Events of one update: <paramref name="before"/>/<paramref name="after"/> are the stored own
    /// fields (with own <c>attrib</c>), <paramref name="patch"/> the update body after scope filtering.
    /// </summary>
    public static IReadOnlyList<EntityEventDraft> Updated(
        string project,
        EntityKind kind,
        JsonObject before,
        JsonObject patch,
        JsonObject after,
        string entityPath,
        EntityEventOptions options)
    {
        var id = Str(after, "id");
        var parentId = ParentId(kind, after);
        var events = new List<(string Suffix, string Text, JsonNode? Value, bool HasValue, JsonObject Payload)>();

        void AddColumn(string key, string suffix, bool hasValue)
        {
            if (!patch.ContainsKey(key))
            {
                return;
            }

            var oldValue = before[key];
            var newValue = after[key];
            if (JsonNode.DeepEquals(oldValue, newValue))
            {
                return;
            }

            var payload = new JsonObject
            {
                ["oldValue"] = oldValue?.DeepClone(),
                ["newValue"] = (key == "data" ? patch[key] : newValue)?.DeepClone(),
            };
            events.Add((suffix, $"Changed {kind.Name} {entityPath} {key} to {Describe(newValue, key)}", newValue, hasValue, payload));
        }

        AddColumn("name", "renamed", true);
        AddColumn("status", "status_changed", true);
        AddColumn("tags", "tags_changed", true);
        AddAttrib(before, patch, kind, entityPath, events);
        foreach (var (key, suffix) in EntityKind.EventColumns)
        {
            if (key == "tags")
            {
                if (options.DuplicateTagsEvent)
                {
                    AddColumn("tags", "tags_changed", true);
                }

                continue;
            }

            if (kind.Columns.Contains(key) || key is "data" or "active")
            {
                AddColumn(key, suffix, key is not ("data" or "files"));
            }
        }

        var result = new List<EntityEventDraft>(events.Count);
        var shared = new JsonObject { ["entityId"] = id, ["parentId"] = parentId, ["entityPath"] = entityPath };
        foreach (var e in events)
        {
            JsonObject summary;
            if (options.SharedSummaryObject)
            {
                if (e.HasValue)
                {
                    shared["value"] = e.Value?.DeepClone();
                }

                summary = shared;
            }
            else
            {
                summary = new JsonObject { ["entityId"] = id, ["parentId"] = parentId, ["entityPath"] = entityPath };
                if (e.HasValue)
                {
                    summary["value"] = e.Value?.DeepClone();
                }
            }

            result.Add(new EntityEventDraft($"entity.{kind.Name}.{e.Suffix}", project, e.Text, summary, options.AuditTrail ? e.Payload : []));
        }

        if (options.SharedSummaryObject)
        {
            // Every event points at the one summary object, as on the real server; give each a copy of its final state.
            result = [.. result.Select(r => r with { Summary = (JsonObject)shared.DeepClone() })];
        }

        return result;
    }

    /// <summary>
    /// The event of <c>POST …/tasks/{id}/assign</c>: summary <c>{entityId, parentId}</c> only,
    /// payload <c>{oldValue, newValue}</c>.
    /// </summary>
    public static EntityEventDraft Assigned(string project, JsonObject task, JsonArray oldValue, JsonArray newValue, string entityPath, EntityEventOptions options) =>
        new(
            "entity.task.assignees_changed",
            project,
            $"Changed task {entityPath} assignees",
            new JsonObject { ["entityId"] = Str(task, "id"), ["parentId"] = ParentId(EntityKind.Task, task) },
            options.AuditTrail ? new JsonObject { ["oldValue"] = oldValue.DeepClone(), ["newValue"] = newValue.DeepClone() } : []);

    /// <summary>§4.3: project PATCH events (attrib, then changed columns, then always <c>entity.project.changed</c>).</summary>
    public static IReadOnlyList<EntityEventDraft> ProjectPatched(string project, JsonObject before, JsonObject after, EntityEventOptions options)
    {
        var result = new List<EntityEventDraft>();
        var oldAttrib = before["attrib"] as JsonObject ?? [];
        var newAttrib = after["attrib"] as JsonObject ?? [];
        var oldChanged = new JsonObject();
        var newChanged = new JsonObject();
        foreach (var key in oldAttrib.Select(p => p.Key).Union(newAttrib.Select(p => p.Key)))
        {
            if (!JsonNode.DeepEquals(oldAttrib[key], newAttrib[key]))
            {
                oldChanged[key] = oldAttrib[key]?.DeepClone();
                newChanged[key] = newAttrib[key]?.DeepClone();
            }
        }

        if (newChanged.Count > 0)
        {
            result.Add(new("entity.project.attrib_changed", project, $"Changed project {project} attributes", [],
                options.AuditTrail ? new JsonObject { ["oldValue"] = oldChanged, ["newValue"] = newChanged } : []));
        }

        foreach (var (key, suffix) in ProjectColumns)
        {
            if (!JsonNode.DeepEquals(before[key], after[key]))
            {
                result.Add(new($"entity.project.{suffix}", project, $"Changed project {project} {suffix.Replace("_changed", "", StringComparison.Ordinal)}", [],
                    options.AuditTrail ? new JsonObject { ["oldValue"] = before[key]?.DeepClone(), ["newValue"] = after[key]?.DeepClone() } : []));
            }
        }

        result.Add(new("entity.project.changed", project, $"Changed project {project}", [], []));
        return result;
    }

    public static EntityEventDraft ProjectCreated(string project) => new("entity.project.created", project, $"Created project {project}", [], []);

    public static EntityEventDraft ProjectDeleted(string project) => new("entity.project.deleted", project, $"Deleted project {project}", [], []);

    /// <summary>Project columns compared on PATCH, in emission order.</summary>
    public static IReadOnlyList<(string Key, string Suffix)> ProjectColumns { get; } =
    [
        ("data", "data_changed"),
        ("config", "config_changed"),
        ("statuses", "statuses_changed"),
        ("tags", "tags_changed"),
        ("folderTypes", "folder_types_changed"),
        ("taskTypes", "task_types_changed"),
        ("linkTypes", "link_types_changed"),
        ("active", "active_changed"),
        ("library", "library_changed"),
        ("label", "label_changed"),
        ("code", "code_changed"),
    ];

    /// <summary>The entity as camelCase object with null members removed (for <c>entityData</c>).</summary>
    public static JsonObject WithoutNulls(JsonObject entity)
    {
        var result = new JsonObject();
        foreach (var (key, value) in entity)
        {
            if (value is not null)
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    public static string? ParentId(EntityKind kind, JsonObject entity) =>
        kind.ParentKey is null ? null : Str(entity, kind.ParentKey);

    private static void AddAttrib(
        JsonObject before,
        JsonObject patch,
        EntityKind kind,
        string entityPath,
        List<(string Suffix, string Text, JsonNode? Value, bool HasValue, JsonObject Payload)> events)
    {
        if (patch["attrib"] is not JsonObject attribPatch)
        {
            return;
        }

        var oldOwn = before["attrib"] as JsonObject ?? [];
        var oldValue = new JsonObject();
        var newValue = new JsonObject();
        foreach (var (key, value) in attribPatch)
        {
            var previous = oldOwn[key];
            if (JsonNode.DeepEquals(previous, value))
            {
                continue;
            }

            newValue[key] = value?.DeepClone();
            if (oldOwn.ContainsKey(key))
            {
                oldValue[key] = previous?.DeepClone();
            }
        }

        if (newValue.Count == 0)
        {
            return;
        }

        events.Add(("attrib_changed", $"Changed {kind.Name} {entityPath} attributes", null, false, new JsonObject { ["oldValue"] = oldValue, ["newValue"] = newValue }));
    }

    private static string Describe(JsonNode? value, string key) =>
        key is "data" or "files" or "attrib" ? "new value" : value?.ToJsonString() is { } s ? s.Trim('"') : "null";

    private static string? Str(JsonObject entity, string key) =>
        entity[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Name(JsonObject entity) =>
        Str(entity, "name") ?? entity["version"]?.ToJsonString() ?? Str(entity, "id") ?? "";
}
