using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Entity lists of ayon-protocol.md §3.9 and their <c>entity_list.*</c> events (snake_case summaries, §4.4).</summary>
internal static class EntityListEndpoints
{
    private static readonly string[] PatchKeys = ["label", "owner", "active", "entityListFolderId", "tags", "access"];
    private static readonly string[] ItemKeys = ["label", "tags", "position"];

    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapPost("/api/projects/{projectName}/lists", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var summary = await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                engine.RequireProject(projectName);
                var id = body.StringField("id") ?? EntityNames.NewId();
                EntityRequests.RequireId(id, "id");
                if (engine.Store.GetDocument(EntityCollections.Lists, projectName, id) is not null)
                {
                    throw EntityMutationException.Conflict($"Entity list {id} already exists");
                }

                var entityType = body.StringField("entityType", "entity_type") ?? throw EntityMutationException.BadRequest("entityType is required");
                var kind = EntityKind.Find(entityType) ?? throw EntityMutationException.BadRequest($"Unknown entityType '{entityType}'");
                var now = engine.Now();
                var list = new JsonObject
                {
                    ["id"] = id,
                    ["entityListType"] = body.StringField("entityListType", "entity_list_type") ?? "generic",
                    ["entityListFolderId"] = null,
                    ["entityType"] = kind.Name,
                    ["label"] = body.StringField("label") ?? throw EntityMutationException.BadRequest("label is required"),
                    ["access"] = body.ObjectField("access") ?? [],
                    ["attrib"] = EntityAttributes.FilterToScope(body.ObjectField("attrib"), "list", engine.Attributes),
                    ["data"] = body.ObjectField("data") ?? [],
                    ["template"] = null,
                    ["tags"] = body.Field("tags")?.DeepClone() ?? new JsonArray(),
                    ["owner"] = body.StringField("owner") ?? actor.User,
                    ["active"] = body.BoolField("active") ?? true,
                    ["createdBy"] = actor.User,
                    ["updatedBy"] = actor.User,
                    ["createdAt"] = now,
                    ["updatedAt"] = now,
                    ["items"] = new JsonArray(),
                };
                ApplyItems(engine, projectName, kind, list, "replace", body.Field("items") as JsonArray ?? [], actor, now);
                engine.Store.PutDocument(EntityCollections.Lists, projectName, id, list);
                return (Summary(list), (IReadOnlyList<EntityEventDraft>)[Event("entity_list.created", projectName, list)]);
            }, cancellationToken);
            return AyonHttp.Json(summary, 201);
        });

        routes.MapGet("/api/projects/{projectName}/lists/{listId}", async (string projectName, string listId, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(listId, "listId");
            var list = await EntityRequests.ReadAsync(emulator, (engine, _) =>
            {
                engine.RequireProject(projectName);
                return engine.Store.GetDocument(EntityCollections.Lists, projectName, listId) ?? throw EntityMutationException.NotFound($"Entity list {listId} not found");
            }, cancellationToken);
            list["accessLevel"] = 30;
            return AyonHttp.Json(list);
        });

        routes.MapPatch("/api/projects/{projectName}/lists/{listId}", async (string projectName, string listId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(listId, "listId");
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var list = Require(engine, projectName, listId);
                foreach (var key in PatchKeys)
                {
                    if (body.HasField(key))
                    {
                        list[key] = body.Field(key)?.DeepClone();
                    }
                }

                if (body.ObjectField("attrib") is { } attrib)
                {
                    list["attrib"] = EntityAttributes.MergeOwn(list["attrib"] as JsonObject, EntityAttributes.FilterToScope(attrib, "list", engine.Attributes));
                }

                if (body.ObjectField("data") is { } data)
                {
                    list["data"] = EntityAttributes.MergeOwn(list["data"] as JsonObject, data);
                }

                list["updatedBy"] = actor.User;
                list["updatedAt"] = engine.Now();
                engine.Store.PutDocument(EntityCollections.Lists, projectName, listId, list);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("entity_list.changed", projectName, list)]);
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapPatch("/api/projects/{projectName}/lists/{listId}/items", async (string projectName, string listId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(listId, "listId");
            if (http.Ayon().SenderTypeHeaderInvalid)
            {
                throw new AyonBadRequestException("x-sender-type does not match the entity name pattern");
            }

            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var mode = body.StringField("mode") ?? "replace";
            if (mode is not ("replace" or "merge" or "delete"))
            {
                throw new AyonBadRequestException($"mode must be replace, merge or delete, not '{mode}'");
            }

            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var list = Require(engine, projectName, listId);
                var now = engine.Now();
                ApplyItems(engine, projectName, EntityKind.Find(EntityEngine.Str(list, "entityType"))!, list, mode, body.Field("items") as JsonArray ?? [], actor, now);
                list["updatedBy"] = actor.User;
                list["updatedAt"] = now;
                engine.Store.PutDocument(EntityCollections.Lists, projectName, listId, list);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("entity_list.changed", projectName, list)]);
            }, cancellationToken);
            return AyonHttp.Json(null);
        });

        routes.MapDelete("/api/projects/{projectName}/lists/{listId}", async (string projectName, string listId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(listId, "listId");
            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) =>
            {
                var list = Require(engine, projectName, listId);
                engine.Store.DeleteDocument(EntityCollections.Lists, projectName, listId);
                var draft = Event("entity_list.deleted", projectName, list);
                draft.Summary["entity_list_folder_id"] = list["entityListFolderId"]?.DeepClone();
                return (true, (IReadOnlyList<EntityEventDraft>)[draft]);
            }, cancellationToken);
            return Results.NoContent();
        });
    }

    /// <summary>
    /// The GraphQL node of a list as the server's <c>EntityListNode</c> answers it: attrib as a JSON string; each item
    /// an <c>EntityListItemEdge</c> carrying the item's own fields (<c>id</c>, <c>entityId</c>, <c>entityType</c>,
    /// <c>position</c>, <c>attrib</c> as a JSON string, <c>tags</c>), and <c>node</c> = the listed entity's node
    /// (<paramref name="entityNode"/>, null when it is gone).
    /// </summary>
    public static JsonObject ToNode(JsonObject list, Func<string, string, JsonObject?> entityNode)
    {
        ArgumentNullException.ThrowIfNull(entityNode);
        var node = (JsonObject)list.DeepClone();
        node["allAttrib"] = (list["attrib"] as JsonObject ?? []).ToJsonString();
        node["data"] = (list["data"] as JsonObject ?? []).ToJsonString();
        var entityType = EntityEngine.Str(list, "entityType") ?? "";
        var items = list["items"] as JsonArray ?? [];
        node["items"] = new JsonObject
        {
            ["edges"] = new JsonArray([.. items.OfType<JsonObject>().Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = i["id"]?.DeepClone(),
                ["entityId"] = i["entityId"]?.DeepClone(),
                ["entityType"] = entityType,
                ["position"] = i["position"]?.DeepClone() ?? 0,
                ["attrib"] = (i["attrib"] as JsonObject ?? []).ToJsonString(),
                ["tags"] = i["tags"]?.DeepClone() ?? new JsonArray(),
                ["createdBy"] = i["createdBy"]?.DeepClone(),
                ["createdAt"] = i["createdAt"]?.DeepClone(),
                ["node"] = EntityEngine.Str(i, "entityId") is { } entityId ? entityNode(entityType, entityId) : null,
            })]),
        };
        return node;
    }

    private static JsonObject Require(EntityEngine engine, string projectName, string listId)
    {
        engine.RequireProject(projectName);
        return engine.Store.GetDocument(EntityCollections.Lists, projectName, listId) ?? throw EntityMutationException.NotFound($"Entity list {listId} not found");
    }

    private static void ApplyItems(EntityEngine engine, string projectName, EntityKind kind, JsonObject list, string mode, JsonArray items, EntityActor actor, string now)
    {
        var existing = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList();
        var incoming = items.Select(i => i as JsonObject ?? throw EntityMutationException.BadRequest("items must be objects")).ToList();
        List<JsonObject> result;
        if (mode == "delete")
        {
            var ids = incoming.Select(i => EntityEngine.Str(i, "id")).Where(i => i is not null).ToHashSet();
            var entityIds = incoming.Where(i => EntityEngine.Str(i, "id") is null).Select(i => EntityEngine.Str(i, "entityId")).ToHashSet();
            result = [.. existing.Where(i => !ids.Contains(EntityEngine.Str(i, "id")) && !entityIds.Contains(EntityEngine.Str(i, "entityId")))];
        }
        else
        {
            result = mode == "replace" ? [] : existing;
            foreach (var item in incoming)
            {
                var itemId = EntityEngine.Str(item, "id");
                var current = itemId is null ? null : result.FirstOrDefault(i => EntityEngine.Str(i, "id") == itemId);
                if (current is null && mode == "replace" && itemId is not null)
                {
                    current = existing.FirstOrDefault(i => EntityEngine.Str(i, "id") == itemId);
                    if (current is not null)
                    {
                        result.Add(current);
                    }
                }

                if (current is null)
                {
                    var entityId = EntityEngine.Str(item, "entityId") ?? throw EntityMutationException.BadRequest("Every list item needs an entityId");
                    if (engine.Store.Get(projectName, kind, entityId) is null)
                    {
                        throw EntityMutationException.NotFound($"{kind.Name} {entityId} not found");
                    }

                    current = new JsonObject
                    {
                        ["id"] = itemId ?? EntityNames.NewId(),
                        ["entityId"] = entityId,
                        ["position"] = result.Count,
                        ["label"] = null,
                        ["attrib"] = new JsonObject(),
                        ["data"] = new JsonObject(),
                        ["tags"] = new JsonArray(),
                        ["createdBy"] = actor.User,
                        ["createdAt"] = now,
                    };
                    result.Add(current);
                }

                foreach (var key in ItemKeys)
                {
                    if (item.ContainsKey(key))
                    {
                        current[key] = item[key]?.DeepClone();
                    }
                }

                if (item["attrib"] is JsonObject attrib)
                {
                    current["attrib"] = EntityAttributes.MergeOwn(current["attrib"] as JsonObject, attrib);
                }

                if (item["data"] is JsonObject data)
                {
                    current["data"] = EntityAttributes.MergeOwn(current["data"] as JsonObject, data);
                }

                current["updatedBy"] = actor.User;
                current["updatedAt"] = now;
            }
        }

        list["items"] = new JsonArray([.. result.OrderBy(i => i["position"]?.GetValue<int>() ?? 0).Select(i => (JsonNode?)i)]);
    }

    private static JsonObject Summary(JsonObject list) => new()
    {
        ["id"] = list["id"]?.DeepClone(),
        ["entityListType"] = list["entityListType"]?.DeepClone(),
        ["entityType"] = list["entityType"]?.DeepClone(),
        ["label"] = list["label"]?.DeepClone(),
        ["count"] = (list["items"] as JsonArray)?.Count ?? 0,
    };

    private static EntityEventDraft Event(string topic, string projectName, JsonObject list) =>
        new(topic, projectName, $"{topic} {list["label"]}", new JsonObject
        {
            ["id"] = list["id"]?.DeepClone(),
            ["entity_list_type"] = list["entityListType"]?.DeepClone(),
            ["entity_type"] = list["entityType"]?.DeepClone(),
            ["label"] = list["label"]?.DeepClone(),
            ["count"] = (list["items"] as JsonArray)?.Count ?? 0,
        }, []);
}
