using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Activities (comments) of ayon-protocol.md §3.8: create (author = acting, possibly impersonated user),
/// patch (shallow data merge, <c>updatedAt</c> bumped), delete, with <c>activity.*</c> events.
/// </summary>
internal static class ActivityEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapPost("/api/projects/{projectName}/{entityType}/{entityId}/activities", async (string projectName, string entityType, string entityId, HttpContext http, CancellationToken cancellationToken) =>
        {
            var kind = EntityKind.Find(entityType) ?? EntityKind.FindPlural(entityType) ?? throw new AyonBadRequestException($"Unknown entity type '{entityType}'");
            EntityRequests.RequireId(entityId, "entityId");
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var activityType = body.StringField("activityType", "activity_type") ?? "comment";
            var context = http.Ayon();
            if (!context.IsService && activityType is not ("comment" or "version.review"))
            {
                throw new AyonHttpException(403, $"Only service users can create {activityType} activities");
            }

            var id = body.StringField("id") ?? EntityNames.NewId();
            EntityRequests.RequireId(id, "id");
            var text = body.StringField("body") ?? "";
            var data = body.ObjectField("data") ?? [];
            data["author"] = context.UserName;
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                engine.RequireProject(projectName);
                if (engine.Store.Get(projectName, kind, entityId) is null)
                {
                    throw EntityMutationException.NotFound($"{kind.Name} {entityId} not found");
                }

                if (engine.Store.GetDocument(EntityCollections.Activities, projectName, id) is not null)
                {
                    throw EntityMutationException.Conflict($"Activity {id} already exists");
                }

                var now = engine.Now();
                var activity = new JsonObject
                {
                    ["id"] = id,
                    ["activityType"] = activityType,
                    ["body"] = text,
                    ["entityType"] = kind.Name,
                    ["entityId"] = entityId,
                    ["author"] = actor.User,
                    ["data"] = data,
                    ["tags"] = body.Field("tags")?.DeepClone() ?? new JsonArray(),
                    ["files"] = body.Field("files")?.DeepClone() ?? new JsonArray(),
                    ["createdAt"] = body.StringField("timestamp") ?? now,
                    ["updatedAt"] = now,
                };
                engine.Store.PutDocument(EntityCollections.Activities, projectName, id, activity);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("activity.created", projectName, activity, new JsonObject { ["body"] = text })]);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = id }, 201);
        });

        routes.MapPatch("/api/projects/{projectName}/activities/{activityId}", async (string projectName, string activityId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(activityId, "activityId");
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var activity = engine.Store.GetDocument(EntityCollections.Activities, projectName, activityId)
                    ?? throw EntityMutationException.NotFound($"Activity {activityId} not found");
                if (!actor.IsAdmin && EntityEngine.Str(activity, "author") != actor.User)
                {
                    throw EntityMutationException.Forbidden("Only the author can edit this activity");
                }

                if (body.StringField("body") is { } text)
                {
                    activity["body"] = text;
                }

                if (body.Field("tags") is JsonArray tags)
                {
                    activity["tags"] = tags.DeepClone();
                }

                if (body.Field("files") is JsonArray files)
                {
                    activity["files"] = files.DeepClone();
                }

                if (body.ObjectField("data") is { } data)
                {
                    var merged = (JsonObject?)activity["data"]?.DeepClone() ?? [];
                    foreach (var (key, value) in data)
                    {
                        if (key != "author")
                        {
                            merged[key] = value?.DeepClone();
                        }
                    }

                    activity["data"] = merged;
                }

                activity["updatedAt"] = engine.Now();
                engine.Store.PutDocument(EntityCollections.Activities, projectName, activityId, activity);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("activity.updated", projectName, activity, new JsonObject { ["body"] = activity["body"]?.DeepClone() })]);
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapDelete("/api/projects/{projectName}/activities/{activityId}", async (string projectName, string activityId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(activityId, "activityId");
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var activity = engine.Store.GetDocument(EntityCollections.Activities, projectName, activityId)
                    ?? throw EntityMutationException.NotFound($"Activity {activityId} not found");
                if (!actor.IsAdmin && EntityEngine.Str(activity, "author") != actor.User)
                {
                    throw EntityMutationException.Forbidden("Only the author or an admin can delete this activity");
                }

                engine.Store.DeleteDocument(EntityCollections.Activities, projectName, activityId);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("activity.deleted", projectName, activity, [])]);
            }, cancellationToken);
            return Results.NoContent();
        });
    }

    /// <summary>The GraphQL node (one origin reference per activity; <c>activityData</c> as a JSON string).</summary>
    public static JsonObject ToNode(JsonObject activity) => new()
    {
        ["activityId"] = activity["id"]?.DeepClone(),
        ["activityType"] = activity["activityType"]?.DeepClone(),
        ["activityData"] = (activity["data"] as JsonObject ?? []).ToJsonString(),
        ["body"] = activity["body"]?.DeepClone(),
        ["entityId"] = activity["entityId"]?.DeepClone(),
        ["entityType"] = activity["entityType"]?.DeepClone(),
        ["referenceType"] = "origin",
        ["author"] = new JsonObject { ["name"] = activity["author"]?.DeepClone() },
        ["tags"] = activity["tags"]?.DeepClone(),
        ["createdAt"] = activity["createdAt"]?.DeepClone(),
        ["updatedAt"] = activity["updatedAt"]?.DeepClone(),
    };

    private static EntityEventDraft Event(string topic, string projectName, JsonObject activity, JsonObject payload) =>
        new(topic, projectName, $"{topic} {activity["id"]}",
            new JsonObject
            {
                ["activity_id"] = activity["id"]?.DeepClone(),
                ["activity_type"] = activity["activityType"]?.DeepClone(),
                ["references"] = new JsonArray(new JsonObject
                {
                    ["entity_type"] = activity["entityType"]?.DeepClone(),
                    ["entity_id"] = activity["entityId"]?.DeepClone(),
                    ["reference_type"] = "origin",
                }),
            },
            payload);
}
