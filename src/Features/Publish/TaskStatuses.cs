using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// Task statuses of a publish: PUB-07 <c>CollectFtrackTaskStatuses</c> (the statuses each task type may take in the
/// project), PUB-11/12 the status a farm, local or on-farm publish asks for (one profile decision per instance, the
/// first status recorded per task wins, in the plugin), and PUB-15 <c>IntegrateFtrackTaskStatus</c> (set them).
/// <para>Fixed against the original (§7): it had two plugins named <c>IntegrateFtrackFarmStatus</c>, one setting the
/// status at once and one recording it, and pyblish kept whichever it found first. Here there is one, which records
/// the farm status like the local and on-farm ones, and <c>IntegrateFtrackTaskStatus</c> sets it.</para>
/// </summary>
public static class TaskStatuses
{
    /// <summary>Which profile list a status decision reads.</summary>
    public enum Kind
    {
        /// <summary><c>IntegrateFtrackFarmStatus.farm_status_profiles</c>: instances sent to the farm.</summary>
        Farm,

        /// <summary><c>ftrack_task_status_local_publish</c>: instances published here.</summary>
        Local,

        /// <summary><c>ftrack_task_status_on_farm_publish</c>: the publish running on the farm.</summary>
        OnFarm,
    }

    /// <summary>A status a task may take.</summary>
    public sealed record Status(string Id, string Name);

    /// <summary>The statuses a project allows: per task type (its override workflow, else the task workflow) and for versions.</summary>
    public sealed record ProjectStatuses(IReadOnlyDictionary<string, IReadOnlyList<Status>> ByTaskType, IReadOnlyList<Status> Versions)
    {
        /// <summary>The status of this name (case-insensitive) a task of this type may take, or null.</summary>
        public Status? ForTask(string? typeId, string name) =>
            (typeId is not null && ByTaskType.TryGetValue(typeId, out var statuses) ? statuses : [])
                .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The AssetVersion status of this name (case-insensitive), or null.</summary>
        public Status? ForVersion(string name) => Versions.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The status name an instance asks for, or null (with why).</summary>
    public static (string? StatusName, string Reason) Decide(Kind kind, string hostName, PublishInstance instance, string? taskId, PublishSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(settings);
        if (!instance.Publish)
        {
            return (null, "the instance is not published");
        }

        if (kind == Kind.Farm && !instance.Farm)
        {
            return (null, "the instance is not rendered on the farm");
        }

        if (kind == Kind.Local && instance.Farm)
        {
            return (null, "the instance is rendered on the farm");
        }

        if (taskId is null)
        {
            return (null, "the instance has no ftrack task");
        }

        var profiles = kind switch
        {
            Kind.Farm => settings.IntegrateFtrackFarmStatus.FarmStatusProfiles,
            Kind.Local => settings.FtrackTaskStatusLocalPublish.StatusProfiles,
            _ => settings.FtrackTaskStatusOnFarmPublish.StatusProfiles,
        };
        var profile = ProfileFilter.Best(profiles,
        [
            (p => p.HostNames, hostName),
            (p => p.TaskTypes, instance.TaskType),
            (p => p.TaskNames, instance.Task),
            (p => p.ProductBaseTypes, instance.BaseType),
            (p => p.ProductNames, instance.ProductName),
        ]);
        return profile is null || string.IsNullOrEmpty(profile.StatusName)
            ? (null, "no status profile matches")
            : (profile.StatusName, "profile");
    }

    /// <summary>The status step of a kind: one decision per instance.</summary>
    public static JsonObject RunDecision(Kind kind, PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.ReadSettings().Publish;
        var result = new JsonArray();
        foreach (var instance in input.Instances)
        {
            var taskId = instance.FtrackTaskId;
            var (status, reason) = Decide(kind, input.Context.HostName, instance, taskId, settings);
            result.Add(new JsonObject { ["label"] = instance.Label, ["taskId"] = taskId, ["statusName"] = status, ["reason"] = reason });
        }

        return new JsonObject { ["instances"] = result };
    }

    /// <summary>Reads the statuses of the project in one request.</summary>
    public static async Task<ProjectStatuses> LoadAsync(FtrackSession session, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = await session.QueryFirstAsync(
            FtrackQuery.From("Project").Select(
                    "project_schema.task_workflow_schema.statuses.id",
                    "project_schema.task_workflow_schema.statuses.name",
                    "project_schema.task_workflow_schema_overrides.type_id",
                    "project_schema.task_workflow_schema_overrides.workflow_schema.statuses.id",
                    "project_schema.task_workflow_schema_overrides.workflow_schema.statuses.name",
                    "project_schema.asset_version_workflow_schema.statuses.id",
                    "project_schema.asset_version_workflow_schema.statuses.name")
                .Where(FtrackFilter.Is("id", projectId)),
            cancellationToken) ?? throw new PublishStepException($"ftrack has no project with id {projectId}");
        var types = await session.QueryAsync(FtrackQuery.From("Type").Select("id", "name"), cancellationToken);
        var schema = project.GetEntity("project_schema");
        static IReadOnlyList<Status> Of(FtrackEntity? workflow) =>
            [.. (workflow?.GetEntities("statuses") ?? []).Select(s => new Status(s.Id, s.GetString("name") ?? ""))];
        var taskDefault = Of(schema?.GetEntity("task_workflow_schema"));
        var overrides = (schema?.GetEntities("task_workflow_schema_overrides") ?? [])
            .Where(o => o.GetString("type_id") is not null)
            .GroupBy(o => o.GetString("type_id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Of(g.First().GetEntity("workflow_schema")), StringComparer.Ordinal);
        var byType = types.ToDictionary(t => t.Id, t => overrides.TryGetValue(t.Id, out var own) ? own : taskDefault, StringComparer.Ordinal);
        return new ProjectStatuses(byType, Of(schema?.GetEntity("asset_version_workflow_schema")));
    }

    /// <summary>PUB-07: the statuses per task type id, as plain data.</summary>
    public static async Task<JsonObject> RunCollectAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var projectId = await ProjectIdAsync(input.Context.ProjectName, session, cancellationToken);
        var statuses = await LoadAsync(session, projectId, cancellationToken);
        var byType = new JsonObject();
        foreach (var (typeId, list) in statuses.ByTaskType)
        {
            byType[typeId] = new JsonArray([.. list.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["name"] = s.Name })]);
        }

        return new JsonObject { ["ftrackTaskStatuses"] = byType };
    }

    /// <summary>PUB-15: sets each task's recorded status where the task's type allows it; an unknown name is reported, not set.</summary>
    public static async Task<JsonObject> RunApplyAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var wanted = input.StatusByTaskId.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        var changed = new JsonArray();
        var skipped = new JsonArray();
        if (wanted.Count == 0)
        {
            return new JsonObject { ["changed"] = changed, ["skipped"] = skipped };
        }

        var tasks = await session.QueryAsync(
            FtrackQuery.From("Task").Select("id", "name", "type_id", "status_id", "project_id").Where(FtrackFilter.In("id", wanted.Keys)), cancellationToken);
        if (tasks.Count == 0)
        {
            return new JsonObject { ["changed"] = changed, ["skipped"] = new JsonArray([.. wanted.Keys.Select(k => (JsonNode)$"task {k} is not in ftrack")]) };
        }

        var statuses = await LoadAsync(session, tasks[0].GetString("project_id")!, cancellationToken);
        foreach (var task in tasks)
        {
            var name = wanted[task.Id];
            var status = statuses.ForTask(task.GetString("type_id"), name);
            if (status is null)
            {
                skipped.Add($"status \"{name}\" is not allowed for task \"{task.GetString("name")}\" ({task.Id})");
                continue;
            }

            if (status.Id != task.GetString("status_id"))
            {
                session.Update(task.Ref, new Dictionary<string, object?> { ["status_id"] = status.Id });
                changed.Add(new JsonObject { ["taskId"] = task.Id, ["status"] = status.Name });
            }
        }

        await session.CommitAsync(cancellationToken);
        return new JsonObject { ["changed"] = changed, ["skipped"] = skipped };
    }

    /// <summary>The id of the ftrack project with this full name.</summary>
    public static async Task<string> ProjectIdAsync(string projectName, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var project = await session.QueryFirstAsync(FtrackQuery.From("Project").Select("id").Where(FtrackFilter.Is("full_name", projectName)), cancellationToken);
        return project?.Id ?? throw new PublishStepException(
            $"ftrack has no project \"{projectName}\": make sure the project exists in ftrack and the ftrack user (FTRACK_API_USER) has access to it");
    }
}
