using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Links and thumbnails of ayon-protocol.md §3.7.</summary>
internal static class LinkEndpoints
{
    private const long MaxThumbnailBytes = 16 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapPost("/api/projects/{projectName}/links", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var input = body.StringField("input") ?? throw new AyonBadRequestException("input is required");
            var output = body.StringField("output") ?? throw new AyonBadRequestException("output is required");
            var linkTypeName = body.StringField("linkType", "link_type") ?? throw new AyonBadRequestException("linkType is required");
            EntityRequests.RequireId(input, "input");
            EntityRequests.RequireId(output, "output");
            var id = await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var project = engine.RequireProject(projectName);
                var linkType = (project["linkTypes"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(t => EntityEngine.Str(t, "name") == linkTypeName)
                    ?? throw EntityMutationException.BadRequest($"Link type {linkTypeName} not found");
                var inputKind = EntityKind.Find(EntityEngine.Str(linkType, "inputType"))!;
                var outputKind = EntityKind.Find(EntityEngine.Str(linkType, "outputType"))!;
                // As create_entity_link: the input is checked first, then the output, each with its own message.
                if (engine.Store.Get(projectName, inputKind, input) is null)
                {
                    throw EntityMutationException.NotFound($"Input entity {input} not found.");
                }

                if (engine.Store.Get(projectName, outputKind, output) is null)
                {
                    throw EntityMutationException.NotFound($"Output entity {output} not found.");
                }

                if (engine.Store.ListDocuments(EntityCollections.Links, projectName).Any(l =>
                    EntityEngine.Str(l, "input") == input && EntityEngine.Str(l, "output") == output && EntityEngine.Str(l, "linkType") == linkTypeName))
                {
                    throw EntityMutationException.Conflict("Link already exists");
                }

                var linkId = body.StringField("id") ?? EntityNames.NewId();
                var link = new JsonObject
                {
                    ["id"] = linkId,
                    ["name"] = body.StringField("name"),
                    ["linkType"] = linkTypeName,
                    ["inputType"] = inputKind.Name,
                    ["outputType"] = outputKind.Name,
                    ["input"] = input,
                    ["output"] = output,
                    ["data"] = body.ObjectField("data") ?? [],
                    ["author"] = actor.User,
                    ["createdAt"] = engine.Now(),
                };
                engine.Store.PutDocument(EntityCollections.Links, projectName, linkId, link);
                return (linkId, (IReadOnlyList<EntityEventDraft>)[Event("link.created", projectName, link)]);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = id });
        });

        routes.MapDelete("/api/projects/{projectName}/links/{linkId}", async (string projectName, string linkId, HttpContext http, CancellationToken cancellationToken) =>
        {
            EntityRequests.RequireId(linkId, "linkId");
            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) =>
            {
                engine.RequireProject(projectName);
                var link = engine.Store.GetDocument(EntityCollections.Links, projectName, linkId) ?? throw EntityMutationException.NotFound($"Link {linkId} not found");
                engine.Store.DeleteDocument(EntityCollections.Links, projectName, linkId);
                return (true, (IReadOnlyList<EntityEventDraft>)[Event("link.deleted", projectName, link)]);
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapPost("/api/projects/{projectName}/thumbnails", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var mime = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            if (mime is not ("image/png" or "image/jpeg"))
            {
                return AyonFilesModule.ThumbnailMediaError(mime);
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length == 0 || buffer.Length > MaxThumbnailBytes)
            {
                throw new AyonBadRequestException("Thumbnail body must be a non-empty image of at most 16 MiB");
            }

            var id = EntityNames.NewId();
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                engine.RequireProject(projectName);
                engine.Store.PutDocument(EntityCollections.Thumbnails, projectName, id, new JsonObject
                {
                    ["id"] = id,
                    ["mimeType"] = mime,
                    ["size"] = buffer.Length,
                    ["data"] = Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length),
                    ["createdBy"] = actor.User,
                    ["createdAt"] = engine.Now(),
                });
                return (true, (IReadOnlyList<EntityEventDraft>)[]);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = id, ["affectedEntities"] = null });
        });
    }

    private static EntityEventDraft Event(string topic, string projectName, JsonObject link) =>
        new(topic, projectName, $"{topic} {link["linkType"]}", new JsonObject
        {
            ["id"] = link["id"]?.DeepClone(),
            ["linkType"] = link["linkType"]?.DeepClone(),
            ["inputType"] = link["inputType"]?.DeepClone(),
            ["outputType"] = link["outputType"]?.DeepClone(),
            ["inputId"] = link["input"]?.DeepClone(),
            ["outputId"] = link["output"]?.DeepClone(),
        }, []);
}
