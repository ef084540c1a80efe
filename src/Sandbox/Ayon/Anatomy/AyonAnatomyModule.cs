using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Entities;

namespace AyonFtrack.Sandbox.Ayon.Anatomy;

/// <summary>
/// A project's anatomy (ayon-backend <c>api/projects/anatomy.py</c>): <c>GET /api/projects/{name}/anatomy</c> answers the
/// anatomy model extracted from the project (roots and templates as named lists); <c>POST</c> (204) sets it, which
/// patches the project's config, types, statuses, tags and attributes with the project's change events.
/// </summary>
internal sealed class AyonAnatomyModule : IAyonEmulatorModule
{
    public int Order => 20;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapGet("/api/projects/{projectName}/anatomy", async (string projectName, CancellationToken cancellationToken) =>
            AyonHttp.Json(await EntityRequests.ReadAsync(emulator, (engine, _) => AnatomyConfig.ToAnatomy(engine.RequireProject(projectName)), cancellationToken)));

        routes.MapPost("/api/projects/{projectName}/anatomy", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var anatomy = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            ProjectEndpoints.RequireManager(http);
            var patch = new JsonObject { ["config"] = AnatomyConfig.ToConfig(anatomy) };
            foreach (var (anatomyKey, projectKey) in new[] { ("folder_types", "folderTypes"), ("task_types", "taskTypes"), ("statuses", "statuses"), ("tags", "tags") })
            {
                if (anatomy[anatomyKey] is JsonArray items)
                {
                    patch[projectKey] = items.DeepClone();
                }
            }

            if (anatomy["attributes"] is JsonObject attributes)
            {
                patch["attrib"] = attributes.DeepClone();
            }

            await EntityRequests.WriteAsync(emulator, http, (engine, _, _) => (true, ProjectOperations.Patch(engine, projectName, patch)), cancellationToken);
            return Results.NoContent();
        });
    }
}
