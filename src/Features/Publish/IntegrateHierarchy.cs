using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-09 <c>IntegrateHierarchyToFtrack</c>: an editorial publish's <c>hierarchyContext</c> (sequences, shots, their
/// attributes, tasks and comments), kept to the folders of publishing instances, is matched to ftrack by name
/// (case-insensitive) from the project down; what is missing is created with the object type named by
/// <c>folder_type</c>; attributes are written to the custom attribute of that key (hierarchical first) when they
/// differ; missing tasks are created with their type and the status of <c>create_task_status_profiles</c> (those tasks
/// are reported so later status plugins leave them alone); comments become notes once; incoming links are replaced
/// by the given <c>inputFtrackIds</c>. Returns the ftrack entity and task of each instance.
/// <para>Fixed against the original (§7): the active folders are read from <c>folderPath</c>, not the legacy
/// <c>asset</c> key, and an unknown task type fails naming it instead of a KeyError.</para>
/// </summary>
public static class IntegrateHierarchy
{
    private sealed record Node(string Name, string Path, JsonObject Data, string? ParentPath);

    /// <summary>The hierarchy kept to the active folder paths (a leaf is kept when its path is active), parents before children.</summary>
    public static IReadOnlyList<(string Name, string Path, JsonObject Data, string? ParentPath)> ActiveNodes(JsonObject hierarchy, IReadOnlySet<string> activePaths)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(activePaths);
        var result = new List<Node>();

        bool Walk(string name, JsonObject data, string path, string? parentPath, List<Node> into)
        {
            var mine = new List<Node>();
            var keep = false;
            if (data["children"] is JsonObject children && children.Count > 0)
            {
                foreach (var (childName, child) in children)
                {
                    if (child is JsonObject childData)
                    {
                        var childPath = $"{path}/{childName.Split('/')[^1]}";
                        keep |= Walk(childName.Split('/')[^1], childData, childPath, path, mine);
                    }
                }
            }
            else
            {
                keep = activePaths.Contains(path);
            }

            if (keep)
            {
                into.Add(new Node(name, path, data, parentPath));
                into.AddRange(mine);
            }

            return keep;
        }

        // The top level is the project: paths start at its children.
        foreach (var root in hierarchy.Select(p => p.Value).OfType<JsonObject>())
        {
            foreach (var (childName, child) in root["children"] as JsonObject ?? [])
            {
                if (child is JsonObject childData)
                {
                    var name = childName.Split('/')[^1];
                    Walk(name, childData, "/" + name, null, result);
                }
            }
        }

        return [.. result.Select(n => (n.Name, n.Path, n.Data, n.ParentPath))];
    }

    /// <summary>The status a new task gets from <c>create_task_status_profiles</c>, or null.</summary>
    public static string? DecideTaskStatus(IntegrateHierarchyToFtrackSettings settings, string taskName, string taskType)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var profile = ProfileFilter.Best(settings.CreateTaskStatusProfiles, [(p => p.TaskNames, taskName), (p => p.TaskTypes, taskType)]);
        return string.IsNullOrEmpty(profile?.StatusName) ? null : profile.StatusName;
    }

    /// <summary>The step.</summary>
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, string apiUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        if (input.Context.HierarchyContext is not { Count: > 0 } hierarchy)
        {
            return new JsonObject { ["skipped"] = "no hierarchyContext" };
        }

        var settings = input.ReadSettings().Publish.IntegrateHierarchyToFtrack;
        var active = input.Instances.Where(i => i.Publish && !string.IsNullOrEmpty(i.FolderPath)).Select(i => i.FolderPath!).ToHashSet(StringComparer.Ordinal);
        var nodes = ActiveNodes(hierarchy, active);
        var projectName = input.Context.ProjectName;
        var project = await session.QueryFirstAsync(FtrackQuery.From("Project").Select("id", "full_name").Where(FtrackFilter.Is("full_name", projectName)), cancellationToken)
            ?? throw new PublishStepException($"ftrack has no project \"{projectName}\": create it in ftrack (Prepare Project for AYON) before the editorial publish");
        var objectTypes = await session.QueryAsync(FtrackQuery.From("ObjectType").Select("id", "name"), cancellationToken);
        var taskTypes = await session.QueryAsync(FtrackQuery.From("Type").Select("id", "name"), cancellationToken);
        var existing = await session.QueryAsync(FtrackQuery.From("TypedContext").Select("id", "name", "parent_id", "object_type_id").Where(FtrackFilter.Is("project_id", project.Id)), cancellationToken);
        var statuses = await TaskStatuses.LoadAsync(session, project.Id, cancellationToken);
        var user = await session.QueryFirstAsync(FtrackQuery.From("User").Select("id").Where(FtrackFilter.Is("username", apiUser)), cancellationToken);
        var keys = nodes.SelectMany(n => (n.Data["attributes"] as JsonObject ?? []).Select(a => a.Key)).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<FtrackEntity> configurations = keys.Count == 0 ? [] : await session.QueryAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "is_hierarchical", "object_type_id", "entity_type").Where(FtrackFilter.In("key", keys)), cancellationToken);

        var idByPath = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var created = new JsonArray();
        var taskByPathAndName = new Dictionary<(string, string), string>();
        var statusByTaskId = new JsonObject();
        foreach (var node in nodes)
        {
            var parentId = node.ParentPath is null ? project.Id : idByPath[node.ParentPath];
            var entity = existing.FirstOrDefault(e => e.GetString("parent_id") == parentId && string.Equals(e.GetString("name"), node.Name, StringComparison.OrdinalIgnoreCase)
                && e.GetString("object_type_id") != FtrackObjectTypeIds.Task);
            string entityId;
            string objectTypeId;
            if (entity is null)
            {
                var folderType = FtrackValue.ReadString(node.Data["folder_type"]) ?? "Folder";
                var objectType = objectTypes.FirstOrDefault(o => string.Equals(o.GetString("name"), folderType, StringComparison.OrdinalIgnoreCase))
                    ?? throw new PublishStepException($"editorial folder \"{node.Path}\": ftrack has no object type \"{folderType}\"; add it to the project schema or change the folder type");
                objectTypeId = objectType.Id;
                entityId = session.Create(objectType.GetString("name")!.Replace(" ", "", StringComparison.Ordinal), new Dictionary<string, object?>
                {
                    ["name"] = node.Name,
                    ["parent_id"] = parentId,
                    ["project_id"] = project.Id,
                }).Id;
                await session.CommitAsync(cancellationToken);
                created.Add(node.Path);
            }
            else
            {
                entityId = entity.Id;
                objectTypeId = entity.GetString("object_type_id") ?? "";
            }

            idByPath[node.Path] = entityId;
            await WriteAttributesAsync(session, entityId, objectTypeId, node.Data["attributes"] as JsonObject, configurations, cancellationToken);

            var children = await session.QueryAsync(FtrackQuery.From("Task").Select("id", "name").Where(FtrackFilter.Is("parent_id", entityId)), cancellationToken);
            foreach (var child in children)
            {
                taskByPathAndName[(node.Path.ToLowerInvariant(), (child.GetString("name") ?? "").ToLowerInvariant())] = child.Id;
            }

            foreach (var (taskName, taskData) in node.Data["tasks"] as JsonObject ?? [])
            {
                if (taskByPathAndName.ContainsKey((node.Path.ToLowerInvariant(), taskName.ToLowerInvariant())))
                {
                    continue;
                }

                var typeName = FtrackValue.ReadString(taskData?["type"]) ?? "";
                var type = taskTypes.FirstOrDefault(t => string.Equals(t.GetString("name"), typeName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new PublishStepException($"editorial task \"{node.Path}/{taskName}\": ftrack has no task type \"{typeName}\"; add the type to ftrack or change the task's type");
                var values = new Dictionary<string, object?> { ["name"] = taskName, ["parent_id"] = entityId, ["project_id"] = project.Id, ["type_id"] = type.Id };
                var statusName = DecideTaskStatus(settings, taskName, typeName);
                var status = statusName is null ? null : statuses.ForTask(type.Id, statusName);
                if (status is not null)
                {
                    values["status_id"] = status.Id;
                }

                var task = session.Create("Task", values);
                await session.CommitAsync(cancellationToken);
                taskByPathAndName[(node.Path.ToLowerInvariant(), taskName.ToLowerInvariant())] = task.Id;
                created.Add($"{node.Path}/{taskName}");
                if (status is not null)
                {
                    statusByTaskId[task.Id] = null;
                }
            }

            await ReplaceLinksAsync(session, entityId, node.Data["inputFtrackIds"] as JsonArray, cancellationToken);
            foreach (var comment in (node.Data["comments"] as JsonArray ?? []).Select(FtrackValue.ReadString).OfType<string>())
            {
                var note = await session.QueryFirstAsync(
                    FtrackQuery.From("Note").Select("id").Where(FtrackFilter.All(FtrackFilter.Is("parent_id", entityId), FtrackFilter.Is("content", comment))), cancellationToken);
                if (note is null && user is not null)
                {
                    session.Create("Note", new Dictionary<string, object?> { ["content"] = comment, ["parent_id"] = entityId, ["parent_type"] = "TypedContext", ["user_id"] = user.Id });
                }
            }

            await session.CommitAsync(cancellationToken);
        }

        var instances = new JsonArray();
        foreach (var instance in input.Instances)
        {
            var path = instance.FolderPath ?? "";
            var entityId = idByPath.GetValueOrDefault(path);
            var taskId = entityId is null || string.IsNullOrEmpty(instance.Task) ? null : taskByPathAndName.GetValueOrDefault((path.ToLowerInvariant(), instance.Task.ToLowerInvariant()));
            instances.Add(new JsonObject { ["label"] = instance.Label, ["ftrackEntityId"] = entityId, ["ftrackTaskId"] = taskId });
        }

        return new JsonObject { ["created"] = created, ["instances"] = instances, ["statusByTaskId"] = statusByTaskId };
    }

    private static async Task WriteAttributesAsync(FtrackSession session, string entityId, string objectTypeId, JsonObject? attributes, IReadOnlyList<FtrackEntity> configurations, CancellationToken cancellationToken)
    {
        if (attributes is not { Count: > 0 })
        {
            return;
        }

        var chosen = new List<(string Key, string ConfigurationId, JsonNode Value)>();
        foreach (var (key, value) in attributes)
        {
            if (value is null)
            {
                continue;
            }

            var candidates = configurations.Where(c => c.GetString("key") == key).ToList();
            var configuration = candidates.FirstOrDefault(c => c.GetBoolean("is_hierarchical") == true)
                ?? candidates.FirstOrDefault(c => c.GetString("object_type_id") == objectTypeId);
            if (configuration is not null)
            {
                chosen.Add((key, configuration.Id, value));
            }
        }

        if (chosen.Count == 0)
        {
            return;
        }

        var stored = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeValue").Select("configuration_id", "value")
                .Where(FtrackFilter.All(FtrackFilter.Is("entity_id", entityId), FtrackFilter.In("configuration_id", chosen.Select(c => c.ConfigurationId)))),
            cancellationToken);
        foreach (var (_, configurationId, value) in chosen)
        {
            var row = stored.FirstOrDefault(s => s.GetString("configuration_id") == configurationId);
            object? plain = value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.Number => value.GetValue<double>(),
                System.Text.Json.JsonValueKind.True => true,
                System.Text.Json.JsonValueKind.False => false,
                _ => value.ToString(),
            };
            if (row is null)
            {
                session.CreateCustomAttributeValue(configurationId, entityId, plain);
            }
            else if (!JsonNode.DeepEquals(row["value"], FtrackValue.Encode(plain)) && !(row.GetDouble("value") is { } d && plain is double p && d == p))
            {
                session.UpdateCustomAttributeValue(configurationId, entityId, plain);
            }
        }
    }

    private static async Task ReplaceLinksAsync(FtrackSession session, string entityId, JsonArray? inputs, CancellationToken cancellationToken)
    {
        if (inputs is null)
        {
            return;
        }

        var wanted = inputs.Select(FtrackValue.ReadString).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var links = await session.QueryAsync(FtrackQuery.From("TypedContextLink").Select("id", "from_id").Where(FtrackFilter.Is("to_id", entityId)), cancellationToken);
        foreach (var link in links.Where(l => !wanted.Contains(l.GetString("from_id") ?? "")))
        {
            session.Delete(link.Ref);
        }

        foreach (var from in wanted.Where(w => !links.Any(l => l.GetString("from_id") == w)))
        {
            session.Create("TypedContextLink", new Dictionary<string, object?> { ["from_id"] = from, ["to_id"] = entityId });
        }
    }
}
