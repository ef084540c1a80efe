namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Files attached to ftrack Jobs, which the web UI offers for download from the Job's entry (ftrack-protocol.md §5: a
/// component in <c>ftrack.server</c>, linked to the Job by a <c>JobComponent</c>), as ftrack_api's
/// <c>create_component</c> + <c>JobComponent</c> do for the original's reports.
/// </summary>
public static class FtrackJobs
{
    /// <summary>The link entity of a Job and a component (<c>Job.job_components</c>).</summary>
    public const string JobComponent = "JobComponent";

    /// <summary>
    /// Uploads <paramref name="content"/> to <c>ftrack.server</c> and stages the component (<paramref name="name"/>, file
    /// type <paramref name="fileType"/> with its dot), its location and its link to <paramref name="jobId"/>; the caller's
    /// next commit writes them (with whatever else it changes on the Job). Returns the component id.
    /// </summary>
    public static async Task<string> AttachFileAsync(FtrackSession session, string jobId, string name, string fileType, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(content);
        var componentId = Guid.NewGuid().ToString();
        using (var stream = new MemoryStream(content))
        {
            await session.UploadComponentAsync(componentId, name + fileType, stream, content.Length, null, cancellationToken);
        }

        session.Create(FtrackEntityTypes.FileComponent, new Dictionary<string, object?> { ["id"] = componentId, ["name"] = name, ["file_type"] = fileType, ["size"] = content.Length });
        session.Create(FtrackEntityTypes.ComponentLocation, new Dictionary<string, object?>
        {
            ["component_id"] = componentId, ["location_id"] = FtrackLocationIds.Server, ["resource_identifier"] = componentId,
        });
        session.Create(JobComponent, new Dictionary<string, object?> { ["job_id"] = jobId, ["component_id"] = componentId });
        return componentId;
    }
}
