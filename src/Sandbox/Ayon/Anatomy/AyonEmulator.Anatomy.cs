using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Anatomy;
using AyonFtrack.Sandbox.Ayon.Entities;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>Seeding of project anatomies and published representations (files and their template context).</summary>
public sealed partial class AyonEmulator
{
    /// <summary>
    /// Sets a project's anatomy from the anatomy model (as <c>POST /api/projects/{name}/anatomy</c> does, without events):
    /// its roots and templates become the project's config; missing keys take ayon-backend's defaults.
    /// </summary>
    public Task SetProjectAnatomyAsync(string projectName, JsonObject anatomy, CancellationToken cancellationToken) =>
        Store.WriteAsync(db =>
        {
            var engine = EntityRequests.Engine(this, db);
            ProjectOperations.Patch(engine, projectName, new JsonObject { ["config"] = AnatomyConfig.ToConfig(anatomy) });
        }, cancellationToken);

    /// <summary>
    /// Adds a representation of a version with its files (rootless paths such as <c>{root[work]}/…</c>) and the template
    /// data it was published with (<c>data.context</c>); returns its id.
    /// </summary>
    public Task<string> AddRepresentationAsync(string projectName, string versionId, string name, IReadOnlyList<string> files, JsonObject context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var fileRows = new JsonArray([.. files.Select(path => (JsonNode?)new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["name"] = path[(path.LastIndexOfAny(['/', '\\']) + 1)..],
            ["path"] = path,
            ["size"] = 0,
            ["hash"] = "",
            ["hashType"] = "md5",
        })]);
        return AddEntityAsync(projectName, EntityKind.Representation.Name, new JsonObject
        {
            ["name"] = name,
            ["versionId"] = versionId,
            ["files"] = fileRows,
            ["data"] = new JsonObject { ["context"] = context.DeepClone() },
        }, cancellationToken);
    }
}
