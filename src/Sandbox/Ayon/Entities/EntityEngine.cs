using System.Globalization;
using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Who mutates: the acting (possibly impersonated) user and their roles.</summary>
internal sealed record EntityActor(string User, bool IsService = true, bool IsAdmin = true, bool IsManager = true);

/// <summary>
/// The project-level entity model of ayon-protocol.md §3.1/§3.4: create, update, delete and read of
/// folders, tasks, products, versions, representations and workfiles over an <see cref="IEntityStore"/>,
/// enforcing the uniqueness and referential rules and producing the §4.2 events. The caller owns the
/// transaction and dispatches the returned events after commit.
/// </summary>
internal sealed class EntityEngine(
    IEntityStore store,
    Func<IReadOnlyList<EntityAttribute>> attributes,
    TimeProvider timeProvider,
    EntityEventOptions eventOptions)
{
    public IEntityStore Store => store;

    public EntityEventOptions EventOptions => eventOptions;

    public IReadOnlyList<EntityAttribute> Attributes => attributes();

    public string Now() => AyonTime.Format(timeProvider.GetUtcNow());

    public JsonObject RequireProject(string project) =>
        store.GetProject(project) ?? throw EntityMutationException.NotFound($"Project {project} not found");

    /// <summary>Creates an entity; returns it (stored form) with its events.</summary>
    public (JsonObject Entity, IReadOnlyList<EntityEventDraft> Events) Create(string project, EntityKind kind, JsonObject data, string? explicitId, EntityActor actor)
    {
        var projectBody = RequireProject(project);
        var id = explicitId ?? Str(data, "id") ?? EntityNames.NewId();
        if (!EntityNames.EntityId().IsMatch(id))
        {
            throw EntityMutationException.BadRequest($"Invalid {kind.Name} id '{id}': expected 32 lowercase hex characters");
        }

        if (store.Get(project, kind, id) is not null)
        {
            throw EntityMutationException.Unique($"{Title(kind)} {id} already exists");
        }

        var entity = new JsonObject { ["id"] = id };
        foreach (var key in kind.Columns)
        {
            if (data.ContainsKey(key))
            {
                entity[key] = data[key]?.DeepClone();
            }
        }

        foreach (var required in kind.RequiredOnCreate)
        {
            if (entity[required] is null)
            {
                throw EntityMutationException.BadRequest($"Field '{required}' is required to create a {kind.Name}");
            }
        }

        entity["attrib"] = EntityAttributes.MergeOwn([], EntityAttributes.FilterToScope(data["attrib"] as JsonObject, kind.Name, attributes()));
        entity["data"] = data["data"] is JsonObject d ? EntityAttributes.MergeOwn([], d) : new JsonObject();
        entity["active"] = data["active"] is JsonValue a && a.TryGetValue<bool>(out var active) ? active : true;
        entity["status"] = data["status"] is JsonValue s && s.TryGetValue<string>(out var status) ? status : DefaultStatus(projectBody, kind);
        entity["tags"] = data["tags"] is JsonArray tags ? tags.DeepClone() : new JsonArray();
        if (kind == EntityKind.Task && entity["assignees"] is null)
        {
            entity["assignees"] = new JsonArray();
        }

        if (kind == EntityKind.Version && entity["author"] is null)
        {
            entity["author"] = actor.User;
        }

        CheckAuthor(kind, entity, null, actor);

        if (kind == EntityKind.Representation && entity["files"] is null)
        {
            entity["files"] = new JsonArray();
        }

        var now = Now();
        entity["createdBy"] = actor.User;
        entity["updatedBy"] = actor.User;
        entity["createdAt"] = now;
        entity["updatedAt"] = now;

        Validate(project, projectBody, kind, entity, null);
        store.Insert(project, kind, entity);
        return (entity, [EntityEvents.Created(project, kind, entity, PathOf(project, kind, entity))]);
    }

    /// <summary>Updates an entity: top-level fields replaced, <c>data</c>/<c>attrib</c>/<c>traits</c> merged per key.</summary>
    public (JsonObject Entity, IReadOnlyList<EntityEventDraft> Events) Update(string project, EntityKind kind, string id, JsonObject data, EntityActor actor, bool force)
    {
        var projectBody = RequireProject(project);
        var before = store.Get(project, kind, id) ?? throw EntityMutationException.NotFound($"{Title(kind)} {id} not found");
        var after = (JsonObject)before.DeepClone();
        var patch = new JsonObject();
        foreach (var (key, value) in data)
        {
            if (key == "attrib")
            {
                var scoped = EntityAttributes.FilterToScope(value as JsonObject, kind.Name, attributes());
                patch["attrib"] = scoped;
                after["attrib"] = EntityAttributes.MergeOwn(before["attrib"] as JsonObject, scoped);
            }
            else if (key is "data" or "traits")
            {
                if (value is JsonObject merge)
                {
                    patch[key] = merge.DeepClone();
                    after[key] = EntityAttributes.MergeOwn(before[key] as JsonObject, merge);
                }
                else if (value is null)
                {
                    patch[key] = null;
                    after[key] = new JsonObject();
                }
                else
                {
                    throw EntityMutationException.BadRequest($"Field '{key}' of a {kind.Name} must be an object");
                }
            }
            else if (kind.Columns.Contains(key) || key is "active" or "status" or "tags")
            {
                if (value is null && (kind.RequiredOnCreate.Contains(key) || key is "active" or "status" or "tags"))
                {
                    throw EntityMutationException.BadRequest($"Field '{key}' of a {kind.Name} cannot be null");
                }

                patch[key] = value?.DeepClone();
                after[key] = value?.DeepClone();
            }
        }

        if (kind == EntityKind.Folder && !force
            && (Changed(before, after, "name") || Changed(before, after, "folderType") || Changed(before, after, "parentId"))
            && HasVersions(project, id))
        {
            throw EntityMutationException.Forbidden($"Folder {id} has published versions: its name, type or parent can only change with force");
        }

        if (kind == EntityKind.Folder && Changed(before, after, "parentId"))
        {
            CheckNoCycle(project, id, Str(after, "parentId"));
        }

        CheckAuthor(kind, after, before, actor);
        Validate(project, projectBody, kind, after, before);
        if (JsonNode.DeepEquals(before, after))
        {
            return (after, []);
        }

        if (Changed(before, after, "thumbnailId"))
        {
            var dataObject = (JsonObject?)after["data"] ?? [];
            dataObject["thumbnailHash"] = after["thumbnailId"]?.DeepClone();
            after["data"] = dataObject;
        }

        after["updatedBy"] = actor.User;
        after["updatedAt"] = Now();
        store.Update(project, kind, after);
        var events = EntityEvents.Updated(project, kind, before, patch, after, PathOf(project, kind, after) ?? "", eventOptions);
        return (after, events);
    }

    /// <summary>Deletes an entity; children go by cascade without their own events (§3.1).</summary>
    public IReadOnlyList<EntityEventDraft> Delete(string project, EntityKind kind, string id, EntityActor actor, bool force)
    {
        RequireProject(project);
        var entity = store.Get(project, kind, id) ?? throw EntityMutationException.NotFound($"{Title(kind)} {id} not found");
        if (kind == EntityKind.Folder && !force && HasProducts(project, id))
        {
            throw EntityMutationException.Conflict($"Folder {id} has products: delete it with force");
        }

        if (force && !actor.IsManager)
        {
            throw EntityMutationException.Forbidden("Only managers may force a delete");
        }

        var path = PathOf(project, kind, entity);
        DeleteCascade(project, kind, id);
        return [EntityEvents.Deleted(project, kind, entity, path, eventOptions)];
    }

    /// <summary><c>POST …/tasks/{id}/assign</c>: mode add, remove or set; no event when nothing changes.</summary>
    public IReadOnlyList<EntityEventDraft> Assign(string project, string taskId, string mode, IReadOnlyList<string> users, EntityActor actor)
    {
        RequireProject(project);
        var task = store.Get(project, EntityKind.Task, taskId) ?? throw EntityMutationException.NotFound($"Task {taskId} not found");
        var old = (task["assignees"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
        var set = new List<string>(old);
        switch (mode)
        {
            case "add":
                set.AddRange(users.Where(u => !set.Contains(u)).Distinct(StringComparer.Ordinal));
                break;
            case "remove":
                set.RemoveAll(users.Contains);
                break;
            case "set":
                set = [.. users.Distinct(StringComparer.Ordinal)];
                break;
            default:
                throw EntityMutationException.BadRequest($"Unknown assign mode '{mode}': expected add, remove or set");
        }

        if (set.Count == old.Count && !set.Except(old, StringComparer.Ordinal).Any())
        {
            return [];
        }

        var oldArray = new JsonArray([.. old.Select(u => (JsonNode?)u)]);
        var newArray = new JsonArray([.. set.Select(u => (JsonNode?)u)]);
        task["assignees"] = newArray.DeepClone();
        task["updatedBy"] = actor.User;
        task["updatedAt"] = Now();
        store.Update(project, EntityKind.Task, task);
        return [EntityEvents.Assigned(project, task, oldArray, newArray, PathOf(project, EntityKind.Task, task) ?? "", eventOptions)];
    }

    /// <summary>The REST/GraphQL read model: stored fields, effective <c>attrib</c>, <c>ownAttrib</c>, <c>path</c>, nulls omitted.</summary>
    public JsonObject Read(string project, EntityKind kind, JsonObject entity)
    {
        var result = EntityEvents.WithoutNulls(entity);
        var own = entity["attrib"] as JsonObject ?? [];
        result["attrib"] = EffectiveAttrib(project, kind, entity);
        result["ownAttrib"] = new JsonArray([.. own.Where(p => p.Value is not null).Select(p => (JsonNode?)p.Key)]);
        if (kind != EntityKind.Workfile && PathOf(project, kind, entity) is { } path)
        {
            result["path"] = path;
        }

        if (kind == EntityKind.Folder)
        {
            result["hasVersions"] = HasVersions(project, Str(entity, "id") ?? "");
        }

        return result;
    }

    public JsonObject EffectiveAttrib(string project, EntityKind kind, JsonObject entity)
    {
        var chain = new List<JsonObject?>();
        var projectBody = store.GetProject(project);
        chain.Add(projectBody?["attrib"] as JsonObject);
        chain.AddRange(Ancestors(project, kind, entity).Select(a => a["attrib"] as JsonObject));
        return EntityAttributes.Effective(chain, entity["attrib"] as JsonObject, kind.Name, attributes());
    }

    /// <summary><c>/a/b</c> for folders; the folder path plus the name for tasks and products; product path plus <c>/v001</c> for versions.</summary>
    public string? PathOf(string project, EntityKind kind, JsonObject entity)
    {
        if (kind == EntityKind.Workfile)
        {
            return Str(entity, "path");
        }

        var parts = new List<string>();
        foreach (var ancestor in Ancestors(project, kind, entity))
        {
            parts.Add(Segment(ancestor));
        }

        parts.Add(Segment(entity));
        return "/" + string.Join('/', parts);
    }

    /// <summary>Ancestors from the top folder down to the direct parent (folders, then product/version as applicable).</summary>
    public List<JsonObject> Ancestors(string project, EntityKind kind, JsonObject entity)
    {
        var result = new List<JsonObject>();
        var currentKind = kind;
        var current = entity;
        var guard = 0;
        while (currentKind.ParentKey is { } key && Str(current, key) is { } parentId && guard++ < 1000)
        {
            var parentKind = EntityKind.Find(currentKind.ParentType)!;
            var parent = store.Get(project, parentKind, parentId);
            if (parent is null)
            {
                break;
            }

            result.Insert(0, parent);
            current = parent;
            currentKind = parentKind;
        }

        return result;
    }

    public bool HasVersions(string project, string folderId) =>
        store.Children(project, EntityKind.Product, folderId).Any(p => store.Children(project, EntityKind.Version, Str(p, "id")).Count > 0);

    public static string? Str(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Segment(JsonObject entity) =>
        entity["version"] is JsonValue v && v.TryGetValue<int>(out var number)
            ? "v" + number.ToString("D3", CultureInfo.InvariantCulture)
            : Str(entity, "name") ?? Str(entity, "id") ?? "";

    private static bool Changed(JsonObject before, JsonObject after, string key) => !JsonNode.DeepEquals(before[key], after[key]);

    /// <summary>Non-admins cannot make another user the author of a version (§3.5).</summary>
    private static void CheckAuthor(EntityKind kind, JsonObject entity, JsonObject? before, EntityActor actor)
    {
        if (kind == EntityKind.Version && !actor.IsAdmin && (before is null || Changed(before, entity, "author"))
            && Str(entity, "author") is { } author && author != actor.User)
        {
            throw EntityMutationException.Forbidden($"Only admins can set another user ({author}) as the author of a version");
        }
    }

    private static string Title(EntityKind kind) => char.ToUpperInvariant(kind.Name[0]) + kind.Name[1..];

    private static string DefaultStatus(JsonObject project, EntityKind kind)
    {
        var statuses = project["statuses"] as JsonArray ?? [];
        foreach (var status in statuses.OfType<JsonObject>())
        {
            if (status["scope"] is not JsonArray scope || scope.Any(s => s?.GetValue<string>() == kind.Name))
            {
                return Str(status, "name") ?? "";
            }
        }

        return statuses.OfType<JsonObject>().Select(s => Str(s, "name")).FirstOrDefault() ?? "";
    }

    private static bool ProjectListHas(JsonObject project, string listKey, string? name) =>
        name is not null && (project[listKey] as JsonArray ?? []).OfType<JsonObject>().Any(i => Str(i, "name") == name);

    private bool HasProducts(string project, string folderId)
    {
        if (store.Children(project, EntityKind.Product, folderId).Count > 0)
        {
            return true;
        }

        return store.Children(project, EntityKind.Folder, folderId).Any(f => HasProducts(project, Str(f, "id") ?? ""));
    }

    private void CheckNoCycle(string project, string folderId, string? newParentId)
    {
        var current = newParentId;
        var guard = 0;
        while (current is not null && guard++ < 10000)
        {
            if (current == folderId)
            {
                throw EntityMutationException.BadRequest($"Folder {folderId} cannot become its own parent or descendant");
            }

            current = store.Get(project, EntityKind.Folder, current) is { } parent ? Str(parent, "parentId") : null;
        }
    }

    private void DeleteCascade(string project, EntityKind kind, string id)
    {
        foreach (var childKind in EntityKind.All.Where(k => k.ParentType == kind.Name))
        {
            foreach (var child in store.Children(project, childKind, id))
            {
                DeleteCascade(project, childKind, Str(child, "id") ?? "");
            }
        }

        store.Delete(project, kind, id);
    }

    private void Validate(string project, JsonObject projectBody, EntityKind kind, JsonObject entity, JsonObject? before)
    {
        bool Touched(string key) => before is null || Changed(before, entity, key);

        if (entity["name"] is { } nameNode && Touched("name"))
        {
            var name = nameNode is JsonValue nv && nv.TryGetValue<string>(out var n) ? n : null;
            if (name is null || !EntityNames.EntityName().IsMatch(name))
            {
                throw EntityMutationException.BadRequest($"Invalid {kind.Name} name '{nameNode.ToJsonString()}'");
            }
        }

        var status = Str(entity, "status");
        if (Touched("status") && !ProjectListHas(projectBody, "statuses", status))
        {
            throw EntityMutationException.ForeignKey($"status '{status}' is not present in table \"statuses\"");
        }

        if (kind == EntityKind.Folder && Touched("folderType") && !ProjectListHas(projectBody, "folderTypes", Str(entity, "folderType")))
        {
            throw EntityMutationException.ForeignKey($"folder_type '{Str(entity, "folderType")}' is not present in table \"folder_types\"");
        }

        if (kind == EntityKind.Task && Touched("taskType") && !ProjectListHas(projectBody, "taskTypes", Str(entity, "taskType")))
        {
            throw EntityMutationException.ForeignKey($"task_type '{Str(entity, "taskType")}' is not present in table \"task_types\"");
        }

        if (kind == EntityKind.Version && (entity["version"] is not JsonValue versionValue || !versionValue.TryGetValue<int>(out _)))
        {
            throw EntityMutationException.BadRequest("Field 'version' of a version must be an integer");
        }

        if (kind.ParentKey is { } parentKey && Touched(parentKey))
        {
            var parentId = Str(entity, parentKey);
            if (parentId is not null && store.Get(project, EntityKind.Find(kind.ParentType)!, parentId) is null)
            {
                throw EntityMutationException.ForeignKey($"{kind.ParentType} {parentId} referenced by {parentKey} does not exist");
            }

            if (parentId is null && kind != EntityKind.Folder)
            {
                throw EntityMutationException.BadRequest($"Field '{parentKey}' is required for a {kind.Name}");
            }
        }

        if (kind == EntityKind.Version && Touched("taskId") && Str(entity, "taskId") is { } taskId && store.Get(project, EntityKind.Task, taskId) is null)
        {
            throw EntityMutationException.ForeignKey($"task {taskId} referenced by taskId does not exist");
        }

        CheckUnique(project, kind, entity, before);
    }

    private void CheckUnique(string project, EntityKind kind, JsonObject entity, JsonObject? before)
    {
        var uniqueKey = kind == EntityKind.Version ? "version" : kind == EntityKind.Workfile ? "path" : "name";
        if (before is not null && !Changed(before, entity, uniqueKey) && !Changed(before, entity, kind.ParentKey ?? "")
            && !Changed(before, entity, "active"))
        {
            return;
        }

        var id = Str(entity, "id");
        var value = entity[uniqueKey]?.ToJsonString();
        var activeOnly = kind != EntityKind.Folder;
        if (activeOnly && entity["active"] is JsonValue a && a.TryGetValue<bool>(out var active) && !active)
        {
            return;
        }

        var siblings = kind.ParentKey is null ? store.All(project, kind) : store.Children(project, kind, Str(entity, kind.ParentKey));
        foreach (var sibling in siblings)
        {
            if (Str(sibling, "id") == id)
            {
                continue;
            }

            if (activeOnly && sibling["active"] is JsonValue sa && sa.TryGetValue<bool>(out var siblingActive) && !siblingActive)
            {
                continue;
            }

            if (string.Equals(sibling[uniqueKey]?.ToJsonString(), value, StringComparison.OrdinalIgnoreCase))
            {
                throw EntityMutationException.Unique($"{Title(kind)} {entity[uniqueKey]?.ToJsonString().Trim('"')} already exists under the same parent");
            }
        }
    }
}
