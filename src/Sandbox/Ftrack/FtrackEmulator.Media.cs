using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// Seeding of what the artist's media actions read (ftrack-protocol.md §1.8 and §5, the real <c>query_schemas</c>):
/// locations, file components in a location (<c>ftrack.server</c> with the bytes <c>/component/get</c> serves, whose
/// resource identifier is the component id, or a disk location with a path), component metadata, review sessions
/// with their objects' <c>sort_order</c>, and Jobs with components attached through <c>JobComponent</c> (the schema's
/// link of <c>Job.job_components</c>). Like the rest of the seeding API it builds server state directly: no events, no
/// request counted.
/// </summary>
public sealed partial class FtrackEmulator
{
    /// <summary>Adds a Location (e.g. a studio's disk location) and returns its id.</summary>
    public string AddLocation(string name) =>
        Seed(FtrackEntityTypes.Location, new JsonObject { ["name"] = name, ["label"] = name, ["description"] = "" });

    /// <summary>
    /// Adds a FileComponent named <paramref name="name"/> (extension with the dot, e.g. <c>.mp4</c>) on a version, placed in
    /// <paramref name="locationId"/>: for <c>ftrack.server</c> with <paramref name="bytes"/> as the uploaded file and the
    /// component id as its resource identifier, else with <paramref name="resourceIdentifier"/> (a path). Returns its id.
    /// </summary>
    public string AddFileComponent(string? versionId, string name, string fileType, string locationId, string? resourceIdentifier = null, byte[]? bytes = null)
    {
        var size = bytes?.LongLength ?? 0;
        var id = Seed(FtrackEntityTypes.FileComponent, new JsonObject { ["name"] = name, ["file_type"] = fileType, ["size"] = size, ["version_id"] = versionId });
        var server = locationId == FtrackLocationIds.Server;
        if (server && bytes is null)
        {
            throw new ArgumentException("A component in ftrack.server needs its bytes.", nameof(bytes));
        }

        Seed(FtrackEntityTypes.ComponentLocation, new JsonObject
        {
            ["component_id"] = id,
            ["location_id"] = locationId,
            ["resource_identifier"] = server ? id : resourceIdentifier ?? throw new ArgumentException("A component outside ftrack.server needs a resource identifier.", nameof(resourceIdentifier)),
        });
        if (server)
        {
            _files[id] = bytes!;
        }

        return id;
    }

    /// <summary>Sets a metadata key of a component (e.g. <c>source_component_id</c>, as ayon's review publish writes it).</summary>
    public void SetComponentMetadata(string componentId, string key, string value) =>
        Seed(FtrackEntityTypes.Metadata, new JsonObject { ["parent_id"] = componentId, ["parent_type"] = "Component", ["key"] = key, ["value"] = value });

    /// <summary>Adds a ReviewSession in a project, open for a week from now (the schema requires both dates), and returns its id.</summary>
    public string AddReviewSession(string projectId, string name)
    {
        var start = DateTime.UtcNow;
        return Seed("ReviewSession", new JsonObject
        {
            ["project_id"] = projectId, ["name"] = name, ["description"] = "",
            ["start_date"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["end_date"] = start.AddDays(7).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Adds a version to a review session as a ReviewSessionObject (its <c>version</c> is the object's version text) and returns its id.</summary>
    public string AddReviewSessionObject(string reviewSessionId, string versionId, string name, string version, double sortOrder) =>
        Seed("ReviewSessionObject", new JsonObject
        {
            ["review_session_id"] = reviewSessionId, ["version_id"] = versionId, ["name"] = name, ["version"] = version, ["sort_order"] = sortOrder, ["description"] = "",
        });

    /// <summary>Adds a Job (<c>data</c> = <c>{"description": ...}</c>) for a user and returns its id.</summary>
    public string AddJob(string? userId, string status, string description) =>
        Seed(FtrackEntityTypes.Job, new JsonObject
        {
            ["user_id"] = userId, ["status"] = status, ["data"] = new JsonObject { ["description"] = description }.ToJsonString(),
        });

    /// <summary>Attaches a component to a Job (a <c>JobComponent</c>, which <c>Job.job_components</c> lists).</summary>
    public void AttachToJob(string jobId, string componentId) =>
        Seed("JobComponent", new JsonObject { ["job_id"] = jobId, ["component_id"] = componentId });

    /// <summary>Sets attributes of an entity (update-style <c>entity_data</c>; no event).</summary>
    public void SeedUpdate(string entityType, string id, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            Apply(() => _store.Update(new JsonObject
            {
                ["action"] = "update", ["entity_type"] = entityType, ["entity_key"] = new JsonArray(id), ["entity_data"] = data.DeepClone(),
            }, new OperationContext(ApiUserId, null))());
        }
    }
}
