namespace AyonFtrack.Features.Ftrack;

/// <summary>A ftrack Status with the name of its state (<c>Not Started</c>, <c>In Progress</c>, <c>Done</c>, <c>Blocked</c>).</summary>
public sealed record StatusInfo(string Id, string Name, string? StateName)
{
    /// <summary>The status's state is Done.</summary>
    public bool IsDone => string.Equals(StateName, "Done", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Which statuses a project's schema allows where (what <c>project_schema.get_statuses(...)</c> answers in the Python
/// API): per object type from the object type schemas, per task type from the type's override workflow when the schema
/// has one and from the task workflow otherwise, and for versions from the version workflow. Pure; built by
/// <see cref="StatusCatalogs"/>.
/// </summary>
public sealed class StatusCatalog(
    IReadOnlyList<StatusInfo> statuses,
    IReadOnlyDictionary<string, IReadOnlyList<string>> objectTypeStatusIds,
    IReadOnlyList<string> taskWorkflowStatusIds,
    IReadOnlyDictionary<string, IReadOnlyList<string>> taskTypeOverrideStatusIds,
    IReadOnlyList<string> versionStatusIds)
{
    private readonly Dictionary<string, StatusInfo> _byId = statuses.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <summary>The status with this id, or null.</summary>
    public StatusInfo? Find(string? id) => id is not null && _byId.TryGetValue(id, out var status) ? status : null;

    /// <summary>The statuses allowed for a non-task object type (Shot, Asset Build, ...), by lower-cased name.</summary>
    public IReadOnlyDictionary<string, StatusInfo> ForObjectType(string objectTypeId) =>
        ByLowerName(objectTypeStatusIds.TryGetValue(objectTypeId, out var ids) ? ids : []);

    /// <summary>The statuses allowed for a task of this type (the type's override workflow, else the task workflow), by lower-cased name.</summary>
    public IReadOnlyDictionary<string, StatusInfo> ForTaskType(string? typeId) =>
        ByLowerName(typeId is not null && taskTypeOverrideStatusIds.TryGetValue(typeId, out var ids) ? ids : taskWorkflowStatusIds);

    /// <summary>The statuses allowed for AssetVersions, by lower-cased name.</summary>
    public IReadOnlyDictionary<string, StatusInfo> ForVersions() => ByLowerName(versionStatusIds);

    private Dictionary<string, StatusInfo> ByLowerName(IEnumerable<string> ids)
    {
        var result = new Dictionary<string, StatusInfo>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (_byId.TryGetValue(id, out var status))
            {
                result.TryAdd(status.Name.ToLowerInvariant(), status);
            }
        }

        return result;
    }
}

/// <summary>Reads a project schema's <see cref="StatusCatalog"/> in two batched ftrack requests.</summary>
public static class StatusCatalogs
{
    /// <summary>The catalog of <paramref name="projectSchemaId"/>.</summary>
    public static async Task<StatusCatalog> LoadAsync(FtrackSession session, string projectSchemaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var first = await FtrackBatch.QueryAsync(session,
        [
            FtrackQuery.From(FtrackEntityTypes.Status).Select("id", "name", "state.name"),
            FtrackQuery.From("ProjectSchema").Select("id", "task_workflow_schema_id", "asset_version_workflow_schema_id").Where(FtrackFilter.Is("id", projectSchemaId)),
            FtrackQuery.From("Schema").Select("id", "object_type_id").Where(FtrackFilter.Is("project_schema_id", projectSchemaId)),
            FtrackQuery.From("ProjectSchemaOverride").Select("id", "type_id", "workflow_schema_id").Where(FtrackFilter.Is("project_schema_id", projectSchemaId)),
        ], cancellationToken);
        var statuses = first[0].Where(s => s.GetString("name") is not null)
            .Select(s => new StatusInfo(s.Id, s.GetString("name")!, s.GetEntity("state")?.GetString("name")))
            .ToList();
        var schema = first[1].Count > 0 ? first[1][0] : null;
        var taskWorkflow = schema?.GetString("task_workflow_schema_id");
        var versionWorkflow = schema?.GetString("asset_version_workflow_schema_id");
        var objectSchemas = first[2].Where(s => s.GetString("object_type_id") is not null).ToList();
        var overrides = first[3].Where(o => o.GetString("type_id") is not null && o.GetString("workflow_schema_id") is not null).ToList();
        var workflows = overrides.Select(o => o.GetString("workflow_schema_id")!).Append(taskWorkflow).Append(versionWorkflow).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var second = new List<FtrackQuery>();
        if (objectSchemas.Count > 0)
        {
            second.Add(FtrackQuery.From("SchemaStatus").Select("schema_id", "status_id").Where(FtrackFilter.In("schema_id", objectSchemas.Select(s => s.Id))));
        }

        if (workflows.Count > 0)
        {
            second.Add(FtrackQuery.From("WorkflowSchemaStatus").Select("workflow_schema_id", "status_id").Where(FtrackFilter.In("workflow_schema_id", workflows)));
        }

        var links = second.Count > 0 ? await FtrackBatch.QueryAsync(session, second, cancellationToken) : [];
        var schemaRows = objectSchemas.Count > 0 ? links[0] : [];
        var workflowRows = workflows.Count > 0 ? links[^1] : [];
        ILookup<string, string> StatusesOf(IEnumerable<FtrackEntity> rows, string key) =>
            rows.Where(r => r.GetString(key) is not null && r.GetString("status_id") is not null).ToLookup(r => r.GetString(key)!, r => r.GetString("status_id")!, StringComparer.Ordinal);
        var bySchema = StatusesOf(schemaRows, "schema_id");
        var byWorkflow = StatusesOf(workflowRows, "workflow_schema_id");

        var objectTypeStatuses = objectSchemas
            .GroupBy(s => s.GetString("object_type_id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.SelectMany(s => bySchema[s.Id]).Distinct(StringComparer.Ordinal)], StringComparer.Ordinal);
        var overrideStatuses = overrides
            .GroupBy(o => o.GetString("type_id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. byWorkflow[g.First().GetString("workflow_schema_id")!]], StringComparer.Ordinal);
        return new StatusCatalog(
            statuses,
            objectTypeStatuses,
            taskWorkflow is null ? [] : [.. byWorkflow[taskWorkflow]],
            overrideStatuses,
            versionWorkflow is null ? [] : [.. byWorkflow[versionWorkflow]]);
    }
}
