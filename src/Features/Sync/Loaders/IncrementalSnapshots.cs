using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;

namespace AyonFtrack.Features.Sync.Loaders;

/// <summary>
/// The ftrack side of one event as read by <see cref="IncrementalSnapshots.LoadFtrackAsync"/>: the project narrowed to
/// the event's contexts, their ancestors, siblings and (for renames and moves) descendants, or why the event is not
/// synchronised (no project, auto-sync off).
/// </summary>
/// <param name="SkipReason">Why the event is not synchronised, or null.</param>
/// <param name="Ftrack">The narrowed ftrack state (null when skipped).</param>
/// <param name="ProjectSchemaId">The ftrack project's schema id.</param>
public sealed record IncrementalSnapshot(string? SkipReason, FtrackProjectState? Ftrack, string ProjectSchemaId);

/// <summary>
/// Reads the narrowed state of one event: one batched ftrack call (the project with its schema memberships, types,
/// statuses, configurations, the event's contexts, their values and assignments), a second one only for assigned users
/// and the stored values of a renamed folder's descendants, and the
/// AYON entities linked by <c>ayon_id</c> plus the children of the event's folders (name matching, removals).
/// </summary>
public static class IncrementalSnapshots
{
    private const int ValueChunk = 200;

    /// <summary>Reads the ftrack side; the snapshot says why when the event is not synchronised.</summary>
    public static async Task<IncrementalSnapshot> LoadFtrackAsync(FtrackSession session, SyncEventScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(scope);
        var known = scope.Changed.Concat(scope.Ancestors).Where(id => id != scope.ProjectId).Distinct(StringComparer.Ordinal).ToList();
        var contextFilters = new List<FtrackFilter>();
        if (known.Count > 0)
        {
            contextFilters.Add(FtrackFilter.In("id", known));
        }

        if (scope.Parents.Count > 0)
        {
            contextFilters.Add(FtrackFilter.In("parent_id", scope.Parents));
        }

        if (scope.HierarchyRoots.Count > 0)
        {
            contextFilters.Add(FtrackFilter.Any("ancestors", FtrackFilter.In("id", scope.HierarchyRoots)));
        }

        var projectQuery = FtrackQuery.From(FtrackEntityTypes.Project)
            .Select(
                "id", "name", "full_name", "project_schema_id",
                "project_schema.object_types.id",
                "project_schema.task_type_schema.types.id",
                "project_schema.object_type_schemas.statuses.status_id",
                "project_schema.task_workflow_schema.statuses.id",
                "project_schema.task_workflow_schema_overrides.workflow_schema.statuses.id",
                "project_schema.asset_version_workflow_schema.statuses.id")
            .Where(FtrackFilter.Is("id", scope.ProjectId));
        var first = new List<FtrackQuery>
        {
            projectQuery,
            ProjectSnapshots.ObjectTypesQuery,
            ProjectSnapshots.TypesQuery,
            ProjectSnapshots.StatusesQuery,
            ProjectSnapshots.ConfigurationsQuery,
            FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("configuration_id", "entity_id", "value").Where(FtrackFilter.In("entity_id", known.Prepend(scope.ProjectId))),
        };
        if (contextFilters.Count > 0)
        {
            first.Add(ProjectSnapshots.ContextsQuery(FtrackFilter.Is("project_id", scope.ProjectId).And(FtrackFilter.OneOf([.. contextFilters]))));
        }

        if (scope.Changed.Count > 0)
        {
            first.Add(ProjectSnapshots.AssignmentsQuery(scope.Changed));
        }

        var rows = await FtrackBatch.QueryAsync(session, first, cancellationToken);
        if (rows[0].Count == 0 || rows[0][0].GetString("full_name") is not { Length: > 0 } fullName)
        {
            return new IncrementalSnapshot("the ftrack project does not exist", null, "");
        }

        var project = rows[0][0];
        var configurations = rows[4];
        var confInfos = ProjectSnapshots.ProjectConfigurations(configurations, project.Id);
        var autoSync = confInfos.Where(c => c.Configuration.Key == FtrackCustomAttributeKeys.AutoSyncEnabled).OrderByDescending(c => c.Configuration.IsHierarchical).FirstOrDefault();
        var values = rows[5].Select(FtrackCustomAttributeValue.From).ToList();
        var autoSyncValue = autoSync is null ? null : values.FirstOrDefault(v => v.ConfigurationId == autoSync.Configuration.Id && v.EntityId == project.Id)?.Value;
        if (!IsTrue(autoSyncValue))
        {
            return new IncrementalSnapshot("auto-sync is off", null, "");
        }

        var contexts = contextFilters.Count > 0 ? rows[6].Select(FtrackTypedContext.From).Where(c => c.Name is not null).ToList() : [];
        var appointments = scope.Changed.Count > 0 ? rows[^1].Select(FtrackAppointment.From).Where(a => a.ContextId is not null && a.ResourceId is not null).ToList() : [];
        var schema = project.GetEntity("project_schema") ?? throw new FtrackProtocolException($"ftrack project {fullName} has no project schema.");
        var confIds = confInfos.Select(c => c.Configuration.Id).ToList();
        var withValues = known.ToHashSet(StringComparer.Ordinal);
        // The event's parents are a hint: where a changed context is now comes from its current link. Ancestors the event
        // did not name (it moved after the event was stored) and the children of its current parent are read in the
        // second batch, with the stored values of those ancestors.
        var (missingAncestors, currentParents) = Moved(contexts, scope);
        // Descendants of a renamed or moved folder need their stored ayon_id/ayon_path; siblings are matched by ftrackId in AYON.
        var descendants = Descendants(contexts, scope.HierarchyRoots).Where(id => !withValues.Contains(id)).ToList();
        var userIds = appointments.Select(a => a.ResourceId!).Distinct(StringComparer.Ordinal).ToList();
        var second = new List<FtrackQuery>();
        if (userIds.Count > 0)
        {
            second.Add(FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username", "email").Where(FtrackFilter.In("id", userIds)));
        }

        var movedFilters = new List<FtrackFilter>();
        if (missingAncestors.Count > 0)
        {
            movedFilters.Add(FtrackFilter.In("id", missingAncestors));
        }

        if (currentParents.Count > 0)
        {
            movedFilters.Add(FtrackFilter.In("parent_id", currentParents));
        }

        if (movedFilters.Count > 0)
        {
            second.Add(ProjectSnapshots.ContextsQuery(FtrackFilter.Is("project_id", scope.ProjectId).And(FtrackFilter.OneOf([.. movedFilters]))));
        }

        if (confIds.Count > 0)
        {
            second.AddRange(descendants.Concat(missingAncestors).Distinct(StringComparer.Ordinal).Chunk(ValueChunk).Select(chunk => ProjectSnapshots.ValuesQuery(chunk, confIds)));
        }

        var more = second.Count > 0 ? await FtrackBatch.QueryAsync(session, second, cancellationToken) : [];
        var users = userIds.Count > 0
            ? more[0].Select(e => new FtrackUserInfo(e.Id, e.GetString("username"), e.GetString("email"))).ToDictionary(u => u.Id, StringComparer.Ordinal)
            : [];
        var skip = userIds.Count > 0 ? 1 : 0;
        if (movedFilters.Count > 0)
        {
            var loaded = contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            contexts.AddRange(more[skip].Select(FtrackTypedContext.From).Where(c => c.Name is not null && loaded.Add(c.Id)));
            skip++;
        }

        values.AddRange(more.Skip(skip).SelectMany(r => r).Select(FtrackCustomAttributeValue.From));

        static HashSet<string> Ids(IEnumerable<FtrackEntity> entities, string attribute) =>
            entities.Select(e => e.GetString(attribute) ?? "").Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);

        var statuses = new ProjectSnapshots.FtrackStatusRows(
            [.. rows[3].Select(FtrackStatus.From)],
            Ids(schema.GetEntities("object_type_schemas").SelectMany(s => s.GetEntities("statuses")), "status_id"),
            Ids([
                .. schema.GetEntity("task_workflow_schema")?.GetEntities("statuses") ?? [],
                .. schema.GetEntities("task_workflow_schema_overrides").SelectMany(o => o.GetEntity("workflow_schema")?.GetEntities("statuses") ?? []),
            ], "id"),
            Ids(schema.GetEntity("asset_version_workflow_schema")?.GetEntities("statuses") ?? [], "id"));
        var metadata = new ProjectSnapshots.FtrackProjectMetadata(
            [.. rows[1].Select(FtrackObjectType.From)],
            Ids(schema.GetEntities("object_types"), "id"),
            [.. rows[2].Select(FtrackType.From)],
            Ids(schema.GetEntity("task_type_schema")?.GetEntities("types") ?? [], "id"),
            statuses,
            configurations);
        var taskIds = contexts.Where(c => c.EntityType == FtrackEntityTypes.Task).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var assignees = appointments.Where(a => taskIds.Contains(a.ContextId!))
            .GroupBy(a => a.ContextId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FtrackUserInfo>)[.. g.Select(a => users.GetValueOrDefault(a.ResourceId!)).OfType<FtrackUserInfo>()], StringComparer.Ordinal);
        return new IncrementalSnapshot(null, ProjectSnapshots.Build(project, fullName, metadata, contexts, values, assignees), project.GetString("project_schema_id") ?? "");
    }

    /// <summary>
    /// The AYON entities the event needs: those linked by <c>ayon_id</c> to the loaded contexts, the children of the
    /// event's folders (and the top-level folders when a changed context is top-level), the tasks of every loaded folder;
    /// null when the project does not exist.
    /// </summary>
    public static async Task<AyonProjectState?> LoadAyonAsync(IAyonApi ayon, FtrackProjectState ftrack, SyncEventScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(scope);
        var projectName = ftrack.FullName;
        var project = await ayon.GetProjectAsync(projectName, cancellationToken);
        if (project.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!project.IsSuccessful || project.Content is null)
        {
            throw new SyncException($"AYON answered {project.StatusCode} reading project '{projectName}'.");
        }

        var linked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var context in ftrack.Contexts)
        {
            if (ftrack.StoredValue(FtrackCustomAttributeKeys.AyonId, context.Id) is JsonValue value && value.GetValueKind() == JsonValueKind.String
                && value.GetValue<string>() is { Length: > 0 } ayonId)
            {
                linked[context.Id] = ayonId;
            }
        }

        var byId = ftrack.Contexts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var folderIds = linked.Where(p => !byId[p.Key].IsTask).Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
        var taskIds = linked.Where(p => byId[p.Key].IsTask).Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
        // The changed contexts' current parents count with the event's (an entity may have moved since).
        var currentParents = scope.Changed.Where(byId.ContainsKey).Select(id => byId[id].ParentId).OfType<string>().ToList();
        var eventFolders = scope.Changed.Concat(scope.Ancestors).Concat(scope.Parents).Concat(currentParents)
            .Where(linked.ContainsKey).Where(id => !byId[id].IsTask).Select(id => linked[id]).ToHashSet(StringComparer.Ordinal);
        if (scope.Parents.Contains(scope.ProjectId) || currentParents.Contains(scope.ProjectId))
        {
            eventFolders.Add("root");
        }

        var folders = new Dictionary<string, FolderNode>(StringComparer.Ordinal);
        if (folderIds.Count > 0)
        {
            foreach (var folder in await ayon.ListFoldersAsync(projectName, new FolderFilter(Ids: folderIds), cancellationToken))
            {
                folders[folder.Id] = folder;
            }
        }

        if (eventFolders.Count > 0)
        {
            foreach (var folder in await ayon.ListFoldersAsync(projectName, new FolderFilter(ParentIds: [.. eventFolders]), cancellationToken))
            {
                folders[folder.Id] = folder;
            }
        }

        var tasks = new Dictionary<string, TaskNode>(StringComparer.Ordinal);
        if (folders.Count > 0)
        {
            foreach (var task in await ayon.ListTasksAsync(projectName, new TaskFilter(FolderIds: [.. folders.Keys]), cancellationToken))
            {
                tasks[task.Id] = task;
            }
        }

        var missingTasks = taskIds.Where(id => !tasks.ContainsKey(id)).ToList();
        if (missingTasks.Count > 0)
        {
            foreach (var task in await ayon.ListTasksAsync(projectName, new TaskFilter(Ids: missingTasks), cancellationToken))
            {
                tasks[task.Id] = task;
            }
        }

        var users = ftrack.AssigneesByTask.Count > 0 ? await ayon.ListUsersAsync(new UserFilter(), cancellationToken) : [];
        var attributes = await ayon.GetAttributesAsync(cancellationToken);
        return new AyonProjectState(project.Content, [.. folders.Values], [.. tasks.Values], users, attributes.Attributes);
    }

    /// <summary>
    /// The current ancestors (from each changed context's <c>link</c>) that were not loaded, and the current parents of
    /// changed contexts that the event did not name (their children are the siblings the name rules need). Both are
    /// empty when nothing moved since the event was stored.
    /// </summary>
    internal static (IReadOnlyList<string> MissingAncestors, IReadOnlyList<string> CurrentParents) Moved(IReadOnlyList<FtrackTypedContext> contexts, SyncEventScope scope)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(scope);
        var loaded = contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var changed = scope.Changed.ToHashSet(StringComparer.Ordinal);
        var named = scope.Parents.ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        var parents = new List<string>();
        foreach (var context in contexts.Where(c => changed.Contains(c.Id)))
        {
            missing.AddRange(context.Link.Select(l => l.Id).Where(id => id != context.Id && id != scope.ProjectId && !loaded.Contains(id)));
            if (context.ParentId is { } parent && parent != scope.ProjectId && !named.Contains(parent))
            {
                parents.Add(parent);
            }
        }

        return ([.. missing.Distinct(StringComparer.Ordinal)], [.. parents.Distinct(StringComparer.Ordinal)]);
    }

    private static HashSet<string> Descendants(IReadOnlyList<FtrackTypedContext> contexts, IReadOnlyList<string> roots)
    {
        var children = contexts.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(roots);
        while (queue.TryDequeue(out var id))
        {
            foreach (var child in children[id].Where(c => seen.Add(c.Id)))
            {
                queue.Enqueue(child.Id);
            }
        }

        return seen;
    }

    private static bool IsTrue(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => value.ToString() is "1" or "true" or "True",
        _ => false,
    };
}
