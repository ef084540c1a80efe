using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.CustomAttributes;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;

namespace AyonFtrack.Features.Sync;

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

        var objectTypes = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.ObjectType).Select("id", "name", "sort"), FtrackObjectType.From, cancellationToken);
        var schemaObjectTypeIds = (await session.QueryAsync(
                FtrackQuery.From("ProjectSchemaObjectType").Select("project_schema_id", "object_type_id").Where(FtrackFilter.Is("project_schema_id", schemaId)),
                e => e.GetString("object_type_id") ?? "",
                cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var folderTypes = objectTypes
            .Where(o => schemaObjectTypeIds.Contains(o.Id) && o.Id != FtrackObjectTypeIds.Task && o.Name is not null)
            .OrderBy(o => o.Sort ?? 0)
            .Select(o => o.Name!)
            .ToList();

        var taskTypeIds = (await session.QueryAsync(
                FtrackQuery.From("TaskTypeSchemaType").Select("task_type_schema_id", "type_id").Where(FtrackFilter.Is("task_type_schema_id", schema.GetString("task_type_schema_id") ?? "")),
                e => e.GetString("type_id") ?? "",
                cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var types = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Type).Select("id", "name", "sort"), FtrackType.From, cancellationToken);
        var taskTypes = types.Where(t => taskTypeIds.Contains(t.Id) && t.Name is not null).OrderBy(t => t.Sort ?? 0).Select(t => t.Name!).ToList();

        var statuses = await LoadStatusesAsync(session, schemaId, schema, cancellationToken);
        var statusNames = statuses.Names;

        var contexts = await session.QueryAsync(
            FtrackQuery.From(FtrackEntityTypes.TypedContext)
                .Select("id", "name", "parent_id", "object_type_id", "type_id", "status_id", "start_date", "end_date", "description", "link")
                .Where(FtrackFilter.Is("project_id", project.Id)),
            FtrackTypedContext.From,
            cancellationToken);
        var objectTypeNames = objectTypes.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var typeNames = types.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
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

        var configurations = await session.QueryAsync(
            FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration)
                .Select("id", "key", "is_hierarchical", "entity_type", "object_type_id", "project_id", "config", "type.name", "group.name"),
            e => (Entity: e, Conf: FtrackCustomAttributeConfiguration.From(e)),
            cancellationToken);
        var confInfos = configurations
            .Where(c => c.Conf.Key is not null && (c.Conf.ProjectId is null || c.Conf.ProjectId == project.Id))
            .Select(c => new FtrackConfigurationInfo(
                new FtrackAttributeConfiguration(c.Conf.Id, c.Conf.Key!, c.Conf.IsHierarchical == true, c.Conf.EntityType ?? "", c.Conf.ObjectTypeId, c.Entity.GetEntity("group")?.GetString("name")),
                c.Conf.TypeName ?? "",
                c.Conf.Config))
            .ToList();

        var values = new Dictionary<(string, string), JsonNode?>();
        var entityIds = infos.Select(i => i.Id).Prepend(project.Id).ToList();
        var confIds = confInfos.Select(c => c.Configuration.Id).ToList();
        foreach (var chunk in entityIds.Chunk(ValueChunk))
        {
            var rows = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue)
                    .Select("configuration_id", "entity_id", "value")
                    .Where(FtrackFilter.In("entity_id", chunk).And(FtrackFilter.In("configuration_id", confIds))),
                FtrackCustomAttributeValue.From,
                cancellationToken);
            foreach (var row in rows)
            {
                values[(row.ConfigurationId, row.EntityId)] = row.Value;
            }
        }

        var assignees = await LoadAssigneesAsync(session, [.. infos.Where(i => i.IsTask).Select(i => i.Id)], cancellationToken);
        return new FtrackProjectState(project.Id, project.GetString("full_name") ?? fullName, project.GetString("name") ?? fullName,
            folderTypes, taskTypes, statuses.Infos, infos, confInfos, values, assignees);
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

    private static async Task<(IReadOnlyList<FtrackStatusInfo> Infos, Dictionary<string, string?> Names)> LoadStatusesAsync(
        FtrackSession session, string schemaId, FtrackEntity schema, CancellationToken cancellationToken)
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
        var taskWorkflow = schema.GetString("task_workflow_schema_id") ?? "";
        var versionWorkflow = schema.GetString("asset_version_workflow_schema_id") ?? "";
        var workflowRows = await session.QueryAsync(
            FtrackQuery.From("WorkflowSchemaStatus").Select("workflow_schema_id", "status_id").Where(FtrackFilter.In("workflow_schema_id", new[] { taskWorkflow, versionWorkflow })),
            e => (Workflow: e.GetString("workflow_schema_id"), Status: e.GetString("status_id") ?? ""),
            cancellationToken);
        var taskStatusIds = workflowRows.Where(r => r.Workflow == taskWorkflow).Select(r => r.Status).ToHashSet(StringComparer.Ordinal);
        var versionStatusIds = workflowRows.Where(r => r.Workflow == versionWorkflow).Select(r => r.Status).ToHashSet(StringComparer.Ordinal);
        var statuses = await session.QueryAsync(
            FtrackQuery.From(FtrackEntityTypes.Status).Select("id", "name", "color", "sort", "state.short", "state.name"),
            FtrackStatus.From,
            cancellationToken);
        var infos = new List<FtrackStatusInfo>();
        foreach (var status in statuses.Where(s => s.Name is not null).OrderBy(s => s.Sort ?? 0).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var scope = new List<string>();
            if (folderStatusIds.Contains(status.Id))
            {
                scope.Add(AyonEntityTypes.Folder);
            }

            if (taskStatusIds.Contains(status.Id))
            {
                scope.Add(AyonEntityTypes.Task);
            }

            if (versionStatusIds.Contains(status.Id))
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

        return (infos, statuses.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal));
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<FtrackUserInfo>>> LoadAssigneesAsync(
        FtrackSession session, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var pairs = new List<(string Task, string User)>();
        foreach (var chunk in taskIds.Chunk(50))
        {
            var rows = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.Appointment).Select("id", "context_id", "resource_id", "type")
                    .Where(FtrackFilter.Is("type", "assignment").And(FtrackFilter.In("context_id", chunk))),
                FtrackAppointment.From,
                cancellationToken);
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
