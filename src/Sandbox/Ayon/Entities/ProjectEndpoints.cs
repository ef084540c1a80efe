using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Project and anatomy routes of ayon-protocol.md §3.3.</summary>
internal static class ProjectEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapGet("/api/projects", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var active = http.Request.Query["active"].FirstOrDefault();
            var projects = await EntityRequests.ReadAsync(emulator, (engine, _) => engine.Store.ListProjects(), cancellationToken);
            var rows = projects
                .Where(p => active is null || (p["active"]?.GetValue<bool>() ?? true) == string.Equals(active, "true", StringComparison.OrdinalIgnoreCase))
                .Select(p => (JsonNode?)new JsonObject
                {
                    ["name"] = p["name"]?.DeepClone(),
                    ["code"] = p["code"]?.DeepClone(),
                    ["label"] = p["label"]?.DeepClone(),
                    ["active"] = p["active"]?.DeepClone(),
                    ["library"] = p["library"]?.DeepClone(),
                    ["skeleton"] = false,
                    ["pinned"] = false,
                    ["createdAt"] = p["createdAt"]?.DeepClone(),
                    ["updatedAt"] = p["updatedAt"]?.DeepClone(),
                })
                .ToList();
            return AyonHttp.Json(new JsonObject { ["detail"] = "OK", ["count"] = rows.Count, ["projects"] = new JsonArray([.. rows]) });
        });

        routes.MapGet("/api/projects/{projectName}", async (string projectName, CancellationToken cancellationToken) =>
            AyonHttp.Json(await EntityRequests.ReadAsync(emulator, (engine, _) => ProjectOperations.Read(engine.RequireProject(projectName)), cancellationToken)));

        routes.MapPost("/api/projects", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await RequireBodyAsync(http, cancellationToken);
            RequireManager(http);
            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) => (true, ProjectOperations.Deploy(engine, body)), cancellationToken);
            return AyonHttp.Json(null, 201);
        });

        routes.MapPatch("/api/projects/{projectName}", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await RequireBodyAsync(http, cancellationToken);
            RequireManager(http);
            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) => (true, ProjectOperations.Patch(engine, projectName, body)), cancellationToken);
            return Results.NoContent();
        });

        routes.MapDelete("/api/projects/{projectName}", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            RequireManager(http);
            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) => (true, ProjectOperations.Delete(engine, projectName)), cancellationToken);
            return Results.NoContent();
        });

        routes.MapGet("/api/anatomy/presets", () => AyonHttp.Json(new JsonObject
        {
            ["version"] = "1.0.0",
            ["presets"] = new JsonArray(),
        }));

        routes.MapGet("/api/anatomy/presets/{presetName}", (string presetName) =>
            presetName is "_" or "__builtin__" or "__primary__"
                ? AyonHttp.Json(ProjectOperations.BuiltInAnatomy())
                : AyonHttp.Error(404, $"Anatomy preset {presetName} not found"));
    }

    /// <summary>The JSON object body, or a 400 validation error.</summary>
    public static async Task<JsonObject> RequireBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (body, _) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
        return body ?? throw new AyonBadRequestException("body must be a JSON object");
    }

    public static void RequireManager(HttpContext http)
    {
        if (!http.Ayon().IsManager)
        {
            throw new AyonHttpException(403, "Only managers can do this");
        }
    }
}
