using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;

namespace AyonFtrack.Features.Sync.Loaders;

/// <summary>One ftrack TypedContext as the sync sees it (type, status and stored custom attribute values by configuration id).</summary>
public sealed record FtrackContextInfo(
    string Id,
    string EntityType,
    string Name,
    string? ParentId,
    string? ObjectTypeName,
    string? ObjectTypeId,
    string? TypeName,
    string? StatusName,
    DateTimeOffset? StartDate,
    DateTimeOffset? EndDate,
    string? Description,
    IReadOnlyList<string> LinkNames)
{
    /// <summary>A ftrack Task maps to an AYON task; every other TypedContext to a folder.</summary>
    public bool IsTask => string.Equals(EntityType, FtrackEntityTypes.Task, StringComparison.Ordinal);
}

/// <summary>A project status with its AYON scopes (from the ftrack schema membership).</summary>
public sealed record FtrackStatusInfo(string Name, string? Color, int Sort, string? StateShort, IReadOnlyList<string> Scope);

/// <summary>A custom attribute configuration with its ftrack type name (<c>text, number, ...</c>) and config JSON.</summary>
public sealed record FtrackConfigurationInfo(FtrackAttributeConfiguration Configuration, string TypeName, string? Config);

/// <summary>Everything of one ftrack project the full sync and the drift report need.</summary>
public sealed record FtrackProjectState(
    string ProjectId,
    string FullName,
    string Code,
    IReadOnlyList<string> FolderTypes,
    IReadOnlyList<string> TaskTypes,
    IReadOnlyList<FtrackStatusInfo> Statuses,
    IReadOnlyList<FtrackContextInfo> Contexts,
    IReadOnlyList<FtrackConfigurationInfo> Configurations,
    IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> Values,
    IReadOnlyDictionary<string, IReadOnlyList<FtrackUserInfo>> AssigneesByTask)
{
    /// <summary>The configuration with this key (hierarchical preferred), or null.</summary>
    public FtrackConfigurationInfo? ConfigurationByKey(string key) =>
        Configurations.Where(c => string.Equals(c.Configuration.Key, key, StringComparison.Ordinal))
            .OrderByDescending(c => c.Configuration.IsHierarchical)
            .FirstOrDefault();

    /// <summary>The stored value of <paramref name="key"/> on an entity (hierarchical configuration), or null.</summary>
    public JsonNode? StoredValue(string key, string entityId) =>
        ConfigurationByKey(key) is { } conf && Values.TryGetValue((conf.Configuration.Id, entityId), out var value) ? value : null;
}

/// <summary>A ftrack user, as far as the AYON user mapping needs it.</summary>
public sealed record FtrackUserInfo(string Id, string? Username, string? Email);

/// <summary>The AYON side of a project: the project, its folders and tasks, and its users (for assignees).</summary>
public sealed record AyonProjectState(
    ProjectModel Project,
    IReadOnlyList<FolderNode> Folders,
    IReadOnlyList<TaskNode> Tasks,
    IReadOnlyList<UserNode> Users,
    IReadOnlyList<AttributeModel> Attributes);

/// <summary>Reads the ftrack and AYON sides of a project (I/O only; every decision is in <see cref="ProjectSyncPlanner"/>).</summary>
public static class ProjectSnapshots
{
    private const int ValueChunk = 200;

    /// <summary>The ftrack project named <paramref name="fullName"/>, or null when there is none.</summary>
    public static async Task<FtrackProjectState?> LoadFtrackAsync(FtrackSession session, string fullName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = await session.QueryFirstAsync(
            FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "name", "full_name", "project_schema_id").Where(FtrackFilter.Is("full_name", fullName)),
            cancellationToken);
        if (project is null)
        {
            return null;
        }

        var schemaId = project.GetString("project_schema_id") ?? throw new FtrackProtocolException($"ftrack project {fullName} has no project schema.");
        var schema = await session.QuerySingleAsync(
            FtrackQuery.From("ProjectSchema").Select("id", "task_workflow_schema_id", "asset_version_workflow_schema_id", "task_type_schema_id").Where(FtrackFilter.Is("id", schemaId)),
            cancellationToken);

        var objectTypes = await session.QueryAsync(ObjectTypesQuery, FtrackObjectType.From, cancellationToken);
        var schemaObjectTypeIds = (await session.QueryAsync(
                SchemaObjectTypesQuery(schemaId),
                e => e.GetString("object_type_id") ?? "",
                cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var taskTypeIds = (await session.QueryAsync(
                TaskTypeSchemaTypesQuery(schema.GetString("task_type_schema_id") ?? ""),
                e => e.GetString("type_id") ?? "",
                cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var types = await session.QueryAsync(TypesQuery, FtrackType.From, cancellationToken);
        var statuses = await LoadStatusesAsync(session, schemaId, schema, cancellationToken);
        var contexts = await session.QueryAsync(
            ContextsQuery(FtrackFilter.Is("project_id", project.Id)),
            FtrackTypedContext.From,
            cancellationToken);
        var configurations = await session.QueryAsync(ConfigurationsQuery, e => e, cancellationToken);
        var confIds = ProjectConfigurations(configurations, project.Id).Select(c => c.Configuration.Id).ToList();
        var values = new List<FtrackCustomAttributeValue>();
        var entityIds = contexts.Where(c => c.Name is not null).Select(c => c.Id).Prepend(project.Id).ToList();
        foreach (var chunk in entityIds.Chunk(ValueChunk))
        {
            values.AddRange(await session.QueryAsync(ValuesQuery(chunk, confIds), FtrackCustomAttributeValue.From, cancellationToken));
        }

        var assignees = await LoadAssigneesAsync(session, [.. contexts.Where(c => c.Name is not null && c.EntityType == FtrackEntityTypes.Task).Select(i => i.Id)], cancellationToken);
        return Build(project, fullName, new FtrackProjectMetadata(objectTypes, schemaObjectTypeIds, types, taskTypeIds, statuses, configurations), contexts, values, assignees);
    }

    /// <summary>The object types, types, statuses and custom attribute configurations of a project, as read from ftrack.</summary>
    internal sealed record FtrackProjectMetadata(
        IReadOnlyList<FtrackObjectType> ObjectTypes,
        IReadOnlySet<string> SchemaObjectTypeIds,
        IReadOnlyList<FtrackType> Types,
        IReadOnlySet<string> TaskTypeIds,
        FtrackStatusRows Statuses,
        IReadOnlyList<FtrackEntity> Configurations);

    /// <summary>All statuses and the ids in each workflow (folder schemas, task workflow, version workflow).</summary>
    internal sealed record FtrackStatusRows(IReadOnlyList<FtrackStatus> All, IReadOnlySet<string> FolderIds, IReadOnlySet<string> TaskIds, IReadOnlySet<string> VersionIds);

    internal static FtrackQuery ObjectTypesQuery => FtrackQuery.From(FtrackEntityTypes.ObjectType).Select("id", "name", "sort");

    internal static FtrackQuery TypesQuery => FtrackQuery.From(FtrackEntityTypes.Type).Select("id", "name", "sort");

    internal static FtrackQuery StatusesQuery => FtrackQuery.From(FtrackEntityTypes.Status).Select("id", "name", "color", "sort", "state.short", "state.name");

    internal static FtrackQuery ConfigurationsQuery => FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration)
        .Select("id", "key", "is_hierarchical", "entity_type", "object_type_id", "project_id", "config", "type.name", "group.name");

    internal static FtrackQuery SchemaObjectTypesQuery(string schemaId) =>
        FtrackQuery.From("ProjectSchemaObjectType").Select("project_schema_id", "object_type_id").Where(FtrackFilter.Is("project_schema_id", schemaId));

    internal static FtrackQuery TaskTypeSchemaTypesQuery(string taskTypeSchemaId) =>
        FtrackQuery.From("TaskTypeSchemaType").Select("task_type_schema_id", "type_id").Where(FtrackFilter.Is("task_type_schema_id", taskTypeSchemaId));

    internal static FtrackQuery WorkflowStatusesQuery(IReadOnlyCollection<string> workflows) =>
        FtrackQuery.From("WorkflowSchemaStatus").Select("workflow_schema_id", "status_id").Where(FtrackFilter.In("workflow_schema_id", [.. workflows]));

    internal static FtrackQuery ContextsQuery(FtrackFilter filter) =>
        FtrackQuery.From(FtrackEntityTypes.TypedContext)
            .Select("id", "name", "parent_id", "object_type_id", "type_id", "status_id", "start_date", "end_date", "description", "link")
            .Where(filter);

    internal static FtrackQuery ValuesQuery(IEnumerable<string> entityIds, IReadOnlyCollection<string> configurationIds) =>
        FtrackCustomAttributeValue.Query(entityIds, configurationIds);

    /// <summary>The configurations that apply to project <paramref name="projectId"/> (global ones and the project's own).</summary>
    internal static IReadOnlyList<FtrackConfigurationInfo> ProjectConfigurations(IEnumerable<FtrackEntity> configurations, string projectId) =>
        // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); the group name is nested.
        [.. configurations
            .Select(e => (Entity: e, Conf: FtrackCustomAttributeConfiguration.From(e)))
            .Where(c => c.Conf.Key is not null && (c.Conf.ProjectId is null || c.Conf.ProjectId == projectId))
            .Select(c => new FtrackConfigurationInfo(
                new FtrackAttributeConfiguration(c.Conf.Id, c.Conf.Key!, c.Conf.IsHierarchical == true, c.Conf.EntityType ?? "", c.Conf.ObjectTypeId, c.Entity.GetEntity("group")?.GetString("name")),
                c.Conf.TypeName ?? "",
                c.Conf.Config))];

    /// <summary>The project state from what was read (pure): the full project, or only the contexts an incremental event needs.</summary>
    internal static FtrackProjectState Build(
        FtrackEntity project,
        string fullName,
        FtrackProjectMetadata metadata,
        IEnumerable<FtrackTypedContext> contexts,
        IEnumerable<FtrackCustomAttributeValue> values,
        IReadOnlyDictionary<string, IReadOnlyList<FtrackUserInfo>> assignees)
    {
        var folderTypes = metadata.ObjectTypes
            .Where(o => metadata.SchemaObjectTypeIds.Contains(o.Id) && o.Id != FtrackObjectTypeIds.Task && o.Name is not null)
            .OrderBy(o => o.Sort ?? 0)
            .Select(o => o.Name!)
            .ToList();
        var taskTypes = metadata.Types.Where(t => metadata.TaskTypeIds.Contains(t.Id) && t.Name is not null).OrderBy(t => t.Sort ?? 0).Select(t => t.Name!).ToList();
        var statusInfos = StatusInfos(metadata.Statuses);
        var statusNames = metadata.Statuses.All.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var objectTypeNames = metadata.ObjectTypes.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var typeNames = metadata.Types.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); three names are looked up by id.
        var infos = contexts
            .Where(c => c.Name is not null)
            .Select(c => new FtrackContextInfo(
                c.Id,
                c.EntityType,
                c.Name!,
                c.ParentId,
                c.ObjectTypeId is { } o ? objectTypeNames.GetValueOrDefault(o) : null,
                c.ObjectTypeId,
                c.TypeId is { } t ? typeNames.GetValueOrDefault(t) : null,
                c.StatusId is { } s ? statusNames.GetValueOrDefault(s) : null,
                c.StartDate,
                c.EndDate,
                c.Description,
                [.. c.Link.Select(l => l.Name)]))
            .ToList();
        var confInfos = ProjectConfigurations(metadata.Configurations, project.Id);
        var confIds = confInfos.Select(c => c.Configuration.Id).ToHashSet(StringComparer.Ordinal);
        var valueMap = new Dictionary<(string, string), JsonNode?>();
        foreach (var row in values.Where(v => confIds.Contains(v.ConfigurationId)))
        {
            valueMap[(row.ConfigurationId, row.EntityId)] = row.Value;
        }

        return new FtrackProjectState(project.Id, project.GetString("full_name") ?? fullName, project.GetString("name") ?? fullName,
            folderTypes, taskTypes, statusInfos, infos, confInfos, valueMap, assignees);
    }

    /// <summary>The AYON project with its folders, tasks, users and attribute definitions, or null when it does not exist.</summary>
    public static async Task<AyonProjectState?> LoadAyonAsync(IAyonApi ayon, string projectName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        var project = await ayon.GetProjectAsync(projectName, cancellationToken);
        if (project.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!project.IsSuccessful || project.Content is null)
        {
            throw new SyncException($"AYON answered {project.StatusCode} reading project '{projectName}'.");
        }

        var folders = await ayon.ListFoldersAsync(projectName, new FolderFilter(), cancellationToken);
        var tasks = await ayon.ListTasksAsync(projectName, new TaskFilter(), cancellationToken);
        var users = await ayon.ListUsersAsync(new UserFilter(), cancellationToken);
        var attributes = await ayon.GetAttributesAsync(cancellationToken);
        return new AyonProjectState(project.Content!, folders, tasks, users, attributes.Attributes);
    }

    private static async Task<FtrackStatusRows> LoadStatusesAsync(FtrackSession session, string schemaId, FtrackEntity schema, CancellationToken cancellationToken)
    {
        var objectSchemaIds = await session.QueryAsync(
            FtrackQuery.From("Schema").Select("id", "project_schema_id").Where(FtrackFilter.Is("project_schema_id", schemaId)),
            e => e.Id,
            cancellationToken);
        var folderStatusIds = objectSchemaIds.Count == 0
            ? []
            : (await session.QueryAsync(
                FtrackQuery.From("SchemaStatus").Select("schema_id", "status_id").Where(FtrackFilter.In("schema_id", objectSchemaIds)),
                e => e.GetString("status_id") ?? "",
                cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // Task statuses: the project's task workflow and the workflows its task types override it with.
        var taskWorkflows = (await session.QueryAsync(
                FtrackQuery.From("ProjectSchemaOverride").Select("id", "workflow_schema_id").Where(FtrackFilter.Is("project_schema_id", schemaId)),
                e => e.GetString("workflow_schema_id") ?? "",
                cancellationToken))
            .Append(schema.GetString("task_workflow_schema_id") ?? "")
            .Where(id => id.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        var versionWorkflow = schema.GetString("asset_version_workflow_schema_id") ?? "";
        var workflowRows = await session.QueryAsync(
            WorkflowStatusesQuery([.. taskWorkflows, versionWorkflow]),
            e => (Workflow: e.GetString("workflow_schema_id") ?? "", Status: e.GetString("status_id") ?? ""),
            cancellationToken);
        var statuses = await session.QueryAsync(StatusesQuery, FtrackStatus.From, cancellationToken);
        return new FtrackStatusRows(
            statuses,
            folderStatusIds,
            workflowRows.Where(r => taskWorkflows.Contains(r.Workflow)).Select(r => r.Status).ToHashSet(StringComparer.Ordinal),
            workflowRows.Where(r => r.Workflow == versionWorkflow).Select(r => r.Status).ToHashSet(StringComparer.Ordinal));
    }

    private static List<FtrackStatusInfo> StatusInfos(FtrackStatusRows rows)
    {
        var infos = new List<FtrackStatusInfo>();
        foreach (var status in rows.All.Where(s => s.Name is not null).OrderBy(s => s.Sort ?? 0).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var scope = new List<string>();
            if (rows.FolderIds.Contains(status.Id))
            {
                scope.Add(AyonEntityTypes.Folder);
            }

            if (rows.TaskIds.Contains(status.Id))
            {
                scope.Add(AyonEntityTypes.Task);
            }

            if (rows.VersionIds.Contains(status.Id))
            {
                scope.Add(AyonEntityTypes.Product);
                scope.Add(AyonEntityTypes.Version);
            }

            if (scope.Count == 0)
            {
                continue;
            }

            scope.Add(AyonEntityTypes.Representation);
            scope.Add(AyonEntityTypes.Workfile);
            infos.Add(new FtrackStatusInfo(status.Name!, status.Color, status.Sort ?? 0, status.StateShort, scope));
        }

        return infos;
    }

    internal static FtrackQuery AssignmentsQuery(IEnumerable<string> contextIds) =>
        FtrackQuery.From(FtrackEntityTypes.Appointment).Select("id", "context_id", "resource_id", "type")
            .Where(FtrackFilter.Is("type", "assignment").And(FtrackFilter.In("context_id", contextIds)));

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<FtrackUserInfo>>> LoadAssigneesAsync(
        FtrackSession session, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var pairs = new List<(string Task, string User)>();
        foreach (var chunk in taskIds.Chunk(50))
        {
            var rows = await session.QueryAsync(AssignmentsQuery(chunk), FtrackAppointment.From, cancellationToken);
            pairs.AddRange(rows.Where(r => r.ContextId is not null && r.ResourceId is not null).Select(r => (r.ContextId!, r.ResourceId!)));
        }

        if (pairs.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<FtrackUserInfo>>(StringComparer.Ordinal);
        }

        var users = await session.QueryAsync(
            FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username", "email").Where(FtrackFilter.In("id", pairs.Select(p => p.User).Distinct())),
            e => new FtrackUserInfo(e.Id, e.GetString("username"), e.GetString("email")),
            cancellationToken);
        var byId = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        return pairs.GroupBy(p => p.Task, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FtrackUserInfo>)[.. g.Select(p => byId.GetValueOrDefault(p.User)).OfType<FtrackUserInfo>()], StringComparer.Ordinal);
    }
}
