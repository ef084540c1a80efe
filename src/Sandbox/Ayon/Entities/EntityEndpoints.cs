using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Single-entity REST routes (§3.4: same machinery as one operation, failures as HTTP errors), the flat
/// folder list, task assign and the operations endpoints (§3.5).
/// </summary>
internal static class EntityEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        foreach (var kind in EntityKind.All)
        {
            MapKind(routes, emulator, kind);
        }

        routes.MapGet("/api/projects/{projectName}/folders", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var withAttrib = string.Equals(http.Request.Query["attrib"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
            var folders = await EntityRequests.ReadAsync(emulator, (engine, _) => FolderList(engine, projectName, withAttrib), cancellationToken);
            return AyonHttp.Json(new JsonObject { ["detail"] = $"{folders.Count} folders", ["folders"] = folders });
        });

        routes.MapPost("/api/projects/{projectName}/tasks/{taskId}/assign", async (string projectName, string taskId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(taskId, "taskId");
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var mode = body.StringField("mode") ?? throw new AyonBadRequestException("mode is required");
            var users = (body.Field("users") as JsonArray ?? throw new AyonBadRequestException("users must be a list"))
                .Select(u => u is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new AyonBadRequestException("users must be strings"))
                .ToList();
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) => (true, engine.Assign(projectName, taskId, mode, users, actor)), cancellationToken);
            return Results.NoContent();
        });

        routes.MapPost("/api/projects/{projectName}/operations", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var outcome = await RunOperationsAsync(emulator, http, projectName, body, cancellationToken);
            return AyonHttp.Json(outcome.ToJson());
        });

        routes.MapPost("/api/projects/{projectName}/operations/background", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var taskId = EntityNames.NewId();
            JsonObject result;
            try
            {
                result = (await RunOperationsAsync(emulator, http, projectName, body, cancellationToken)).ToJson();
            }
            catch (AyonHttpException ex)
            {
                result = new JsonObject { ["success"] = false, ["operations"] = new JsonArray(), ["detail"] = ex.Message };
            }

            // The emulator completes background runs before answering; the poll reports them completed.
            var task = new JsonObject { ["id"] = taskId, ["status"] = "completed", ["progress"] = 100, ["result"] = result };
            await emulator.Store.WriteAsync(db => new SqliteEntityStore(db).PutDocument(EntityCollections.BackgroundOperations, projectName, taskId, task), cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = taskId, ["status"] = "pending" });
        });

        routes.MapGet("/api/projects/{projectName}/operations/background/{taskId}", async (string projectName, string taskId, CancellationToken cancellationToken) =>
        {
            var task = await emulator.Store.ReadAsync(db => new SqliteEntityStore(db).GetDocument(EntityCollections.BackgroundOperations, projectName, taskId), cancellationToken);
            return task is null ? AyonHttp.Error(404, $"Background operations task '{taskId}' not found") : AyonHttp.Json(task);
        });
    }

    private static Task<OperationsOutcome> RunOperationsAsync(AyonEmulator emulator, HttpContext http, string projectName, JsonObject body, CancellationToken cancellationToken) =>
        EntityRequests.WriteAsync(emulator, http, (engine, actor, db) =>
        {
            var outcome = OperationsEngine.Run(engine, projectName, body, actor, name => AyonEmulator.FindUser(db, name) is { } user
                ? new EntityActor(user.Name, user.IsService, user.IsAdmin, user.IsManager)
                : null);
            return (outcome, outcome.Events);
        }, cancellationToken);

    private static void MapKind(IEndpointRouteBuilder routes, AyonEmulator emulator, EntityKind kind)
    {
        var idName = kind.Name + "Id";
        routes.MapGet($"/api/projects/{{projectName}}/{kind.Plural}/{{id}}", async (string projectName, string id, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(id, idName);
            var entity = await EntityRequests.ReadAsync(emulator, (engine, _) =>
            {
                engine.RequireProject(projectName);
                // The REST read loads the entity by id (query_entity_data): its 404 names no type.
                var stored = engine.Store.Get(projectName, kind, id) ?? throw EntityMutationException.NotFound($"Entity {id} not found");
                return engine.Read(projectName, kind, stored);
            }, cancellationToken);
            return AyonHttp.Json(entity);
        });

        routes.MapPost($"/api/projects/{{projectName}}/{kind.Plural}", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var id = await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var (entity, events) = engine.Create(projectName, kind, body, null, actor);
                return (EntityEngine.Str(entity, "id")!, events);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = id }, 201);
        });

        routes.MapPatch($"/api/projects/{{projectName}}/{kind.Plural}/{{id}}", async (string projectName, string id, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(id, idName);
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var force = string.Equals(http.Request.Query["force"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) => (true, engine.Update(projectName, kind, id, body, actor, force).Events), cancellationToken);
            return Results.NoContent();
        });

        routes.MapDelete($"/api/projects/{{projectName}}/{kind.Plural}/{{id}}", async (string projectName, string id, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(id, idName);
            var force = string.Equals(http.Request.Query["force"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) => (true, engine.Delete(projectName, kind, id, actor, force)), cancellationToken);
            return Results.NoContent();
        });
    }

    private static JsonArray FolderList(EntityEngine engine, string projectName, bool withAttrib)
    {
        engine.RequireProject(projectName);
        var folders = engine.Store.All(projectName, EntityKind.Folder);
        var tasks = engine.Store.All(projectName, EntityKind.Task);
        var result = new JsonArray();
        foreach (var folder in folders)
        {
            var id = EntityEngine.Str(folder, "id");
            var parents = engine.Ancestors(projectName, EntityKind.Folder, folder).Select(a => (JsonNode?)EntityEngine.Str(a, "name")).ToArray();
            var taskNames = tasks.Where(t => EntityEngine.Str(t, "folderId") == id).Select(t => (JsonNode?)EntityEngine.Str(t, "name")).ToArray();
            var row = new JsonObject
            {
                ["id"] = id,
                ["path"] = engine.PathOf(projectName, EntityKind.Folder, folder),
                ["parentId"] = folder["parentId"]?.DeepClone(),
                ["parents"] = new JsonArray(parents),
                ["name"] = folder["name"]?.DeepClone(),
                ["label"] = folder["label"]?.DeepClone(),
                ["folderType"] = folder["folderType"]?.DeepClone(),
                ["hasTasks"] = taskNames.Length > 0,
                ["hasChildren"] = folders.Any(f => EntityEngine.Str(f, "parentId") == id),
                ["hasReviewables"] = false,
                ["thumbnailHash"] = folder["data"]?["thumbnailHash"]?.DeepClone(),
                ["taskNames"] = new JsonArray(taskNames),
                ["tags"] = folder["tags"]?.DeepClone(),
                ["status"] = folder["status"]?.DeepClone(),
                ["ownAttrib"] = new JsonArray([.. (folder["attrib"] as JsonObject ?? []).Select(p => (JsonNode?)p.Key)]),
                ["createdAt"] = folder["createdAt"]?.DeepClone(),
                ["updatedAt"] = folder["updatedAt"]?.DeepClone(),
            };
            if (withAttrib)
            {
                row["attrib"] = engine.EffectiveAttrib(projectName, EntityKind.Folder, folder);
            }

            result.Add(row);
        }

        return result;
    }
}
