using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-05 <c>CollectFtrackApi</c>, as a step: the ftrack project by full name, the context folder and task, and for
/// each publishing instance with its own folder or task, its own. A folder is found by the AYON folder's own
/// <c>ftrackId</c> (the plugin reads it from AYON and passes it), else by walking the path's names under the project,
/// case-insensitive. Only ids and plain data come back.
/// <para>Stricter than the original: an instance of the <c>ftrack</c> family whose folder or task is not in ftrack
/// fails here, naming the instance and what to fix, instead of publishing nothing later with a warning. Instances of
/// an editorial publish (a <c>hierarchyContext</c> is collected) are left to the hierarchy step, which creates them.</para>
/// </summary>
public static class ResolveContext
{
    /// <summary>A plain ftrack entity: what travels between plugins instead of live objects.</summary>
    public static JsonObject Plain(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new JsonObject
        {
            ["id"] = entity.Id,
            ["name"] = entity.GetString("name"),
            ["entityType"] = entity.EntityType,
            ["parentId"] = entity.GetString("parent_id"),
            ["typeId"] = entity.GetString("type_id"),
            ["typeName"] = entity.GetEntity("type")?.GetString("name"),
            ["statusId"] = entity.GetString("status_id"),
        };
    }

    /// <summary>Runs the step.</summary>
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var context = input.Context;
        var project = await session.QueryFirstAsync(
            FtrackQuery.From("Project").Select("id", "full_name", "name").Where(FtrackFilter.Is("full_name", context.ProjectName)), cancellationToken)
            ?? throw new PublishStepException(
                $"ftrack has no project \"{context.ProjectName}\": make sure the project exists in ftrack and the ftrack user (FTRACK_API_USER) has access to it");
        var editorial = context.HierarchyContext is { Count: > 0 };
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(context.FolderPath))
        {
            paths.Add(context.FolderPath);
        }

        foreach (var instance in input.Instances.Where(i => i.Publish && !string.IsNullOrEmpty(i.FolderPath)))
        {
            paths.Add(instance.FolderPath!);
        }

        var folders = await FindFoldersAsync(session, project.Id, paths, input.FolderFtrackIds, cancellationToken);
        var tasks = await TasksUnderAsync(session, [.. folders.Values.Select(f => f.Id)], cancellationToken);

        FtrackEntity? contextFolder = null;
        FtrackEntity? contextTask = null;
        if (!string.IsNullOrEmpty(context.FolderPath))
        {
            contextFolder = folders.GetValueOrDefault(context.FolderPath);
            if (contextFolder is null && !editorial)
            {
                throw new PublishStepException(
                    $"the publish context folder \"{context.FolderPath}\" is not in ftrack project \"{context.ProjectName}\": sync the project to ftrack or check that the ftrack user has access to it");
            }

            contextTask = contextFolder is null || string.IsNullOrEmpty(context.Task) ? null : TaskOf(tasks, contextFolder.Id, context.Task);
        }

        var instances = new JsonArray();
        foreach (var instance in input.Instances)
        {
            var folderPath = string.IsNullOrEmpty(instance.FolderPath) ? context.FolderPath : instance.FolderPath;
            var taskName = string.IsNullOrEmpty(instance.FolderPath) || instance.FolderPath == context.FolderPath
                ? (string.IsNullOrEmpty(instance.Task) ? context.Task : instance.Task)
                : instance.Task;
            var folder = folderPath is null ? null : folders.GetValueOrDefault(folderPath);
            var task = folder is null || string.IsNullOrEmpty(taskName) ? null : TaskOf(tasks, folder.Id, taskName);
            if (instance.Publish && instance.Families.Contains("ftrack") && !editorial)
            {
                if (folder is null)
                {
                    throw new PublishStepException(
                        $"instance \"{instance.Label}\": folder \"{folderPath}\" is not in ftrack project \"{context.ProjectName}\"; sync the folder to ftrack (or turn off the ftrack family for this instance)");
                }

                if (!string.IsNullOrEmpty(taskName) && task is null)
                {
                    throw new PublishStepException(
                        $"instance \"{instance.Label}\": ftrack has no task \"{taskName}\" under \"{folderPath}\"; create the task in ftrack (or sync it from AYON) and publish again");
                }
            }

            instances.Add(new JsonObject
            {
                ["label"] = instance.Label,
                ["ftrackEntity"] = folder is null ? null : Plain(folder),
                ["ftrackTask"] = task is null ? null : Plain(task),
            });
        }

        return new JsonObject
        {
            ["ftrackProject"] = new JsonObject { ["id"] = project.Id, ["full_name"] = project.GetString("full_name"), ["name"] = project.GetString("name") },
            ["ftrackEntity"] = contextFolder is null ? null : Plain(contextFolder),
            ["ftrackTask"] = contextTask is null ? null : Plain(contextTask),
            ["instances"] = instances,
        };
    }

    private static FtrackEntity? TaskOf(IReadOnlyList<FtrackEntity> tasks, string parentId, string name) =>
        tasks.FirstOrDefault(t => t.GetString("parent_id") == parentId && string.Equals(t.GetString("name"), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The tasks under these folders, with their type.</summary>
    public static async Task<IReadOnlyList<FtrackEntity>> TasksUnderAsync(FtrackSession session, IReadOnlyList<string> parentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(parentIds);
        if (parentIds.Count == 0)
        {
            return [];
        }

        return await session.QueryAsync(
            FtrackQuery.From("Task").Select("id", "name", "parent_id", "type_id", "type.name", "status_id").Where(FtrackFilter.In("parent_id", parentIds)),
            cancellationToken);
    }

    /// <summary>Folders by AYON path: by the given ftrack id when that entity exists, else by names from the project down.</summary>
    public static async Task<Dictionary<string, FtrackEntity>> FindFoldersAsync(
        FtrackSession session, string projectId, IReadOnlyCollection<string> paths, IReadOnlyDictionary<string, string> ftrackIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(ftrackIds);
        var found = new Dictionary<string, FtrackEntity>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return found;
        }

        var byId = paths.Where(ftrackIds.ContainsKey).ToDictionary(p => p, p => ftrackIds[p], StringComparer.Ordinal);
        if (byId.Count > 0)
        {
            var rows = await session.QueryAsync(
                FtrackQuery.From("TypedContext").Select("id", "name", "parent_id", "project_id").Where(FtrackFilter.In("id", byId.Values.Distinct())), cancellationToken);
            foreach (var (path, id) in byId)
            {
                if (rows.FirstOrDefault(r => r.Id == id && r.GetString("project_id") == projectId) is { } row)
                {
                    found[path] = row;
                }
            }
        }

        var missing = paths.Where(p => !found.ContainsKey(p)).ToList();
        if (missing.Count == 0)
        {
            return found;
        }

        var names = missing.SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        var candidates = await session.QueryAsync(
            FtrackQuery.From("TypedContext").Select("id", "name", "parent_id", "project_id")
                .Where(FtrackFilter.All(FtrackFilter.Is("project_id", projectId), FtrackFilter.In("name", names))),
            cancellationToken);
        foreach (var path in missing)
        {
            var parentId = projectId;
            FtrackEntity? current = null;
            foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = candidates.FirstOrDefault(c => c.GetString("parent_id") == parentId && string.Equals(c.GetString("name"), name, StringComparison.OrdinalIgnoreCase));
                if (current is null)
                {
                    break;
                }

                parentId = current.Id;
            }

            if (current is not null)
            {
                found[path] = current;
            }
        }

        return found;
    }
}
