using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>One ftrack custom attribute value the sync writes back (<c>ayon_id</c>, <c>ayon_path</c>, <c>ayon_sync_failed</c>).</summary>
public sealed record FtrackBackWrite(string EntityId, string EntityType, string ConfigurationId, string Key, JsonNode? Value);

/// <summary>What the full sync will write: the project patch (types, statuses, attributes), entity operations in parent-first order, ftrack back-writes, and the report lines.</summary>
public sealed record ProjectSyncPlan(
    ProjectPatch? ProjectPatch,
    IReadOnlyList<OperationModel> Operations,
    IReadOnlyList<FtrackBackWrite> BackWrites,
    IReadOnlyList<string> Report)
{
    /// <summary>The AYON id planned for each synchronised ftrack id (existing or to be created).</summary>
    public IReadOnlyDictionary<string, string> AyonIds { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The ftrack contexts the plan leaves out, with the report line saying why (parent not synchronised, duplicated
    /// name, task directly under the project). They have no entry in <see cref="AyonIds"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Refusals { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Created ftrack contexts left alone by the incremental creation because their stored <c>ayon_id</c> names an AYON
    /// entity that no longer exists: they were pushed from AYON, and AYON deleted the entity since (the transmitter
    /// removes them from ftrack); creating them again would resurrect what AYON deleted.
    /// </summary>
    public IReadOnlyCollection<string> DeletedInAyon { get; init; } = [];

    /// <summary>True when nothing is written on either side.</summary>
    public bool IsEmpty => ProjectPatch is null && Operations.Count == 0 && BackWrites.Count == 0;
}

/// <summary>
/// The pure decision of the full project sync (P-22): ftrack state and AYON state in, the writes that make AYON
/// equal to ftrack out. Entities are matched by <c>ftrackId</c>, then by the ftrack <c>ayon_id</c>, then by name
/// under the same parent (case-insensitive). Only differences are written, so a second run plans nothing.
/// </summary>
public static class ProjectSyncPlanner
{
    private static readonly HashSet<string> NotMapped = new(StringComparer.Ordinal)
    {
        SyncConventions.FtrackIdAttribute, SyncConventions.FtrackPathAttribute, "startDate", "endDate", "description",
    };

    /// <summary>The AYON attribute ⇄ ftrack configuration mapping for this project (§6 custom attributes).</summary>
    public static IReadOnlyDictionary<string, AttributeMappingEntry> BuildMapping(FtrackProjectState ftrack, IReadOnlyList<AttributeModel> attributes, AttributesMappingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(attributes);
        return CustomAttributeMapping.Build(
            settings,
            ftrack.Configurations.Select(c => c.Configuration),
            attributes.Where(a => !NotMapped.Contains(a.Name)).Select(a => new AyonAttributeInfo(a.Name, a.Builtin == true)));
    }

    /// <summary>The AYON state of the project statuses for the ftrack ones (existing ones matched by slug, AYON-only ones kept at the end).</summary>
    public static IReadOnlyList<ProjectStatusItem> DesiredStatuses(IReadOnlyList<FtrackStatusInfo> ftrack, IReadOnlyList<ProjectStatusItem> existing)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(existing);
        var result = new List<ProjectStatusItem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in ftrack)
        {
            var match = existing.FirstOrDefault(e => !used.Contains(e.Name)
                && string.Equals(SyncConventions.Slugify(e.Name), SyncConventions.Slugify(status.Name), StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                used.Add(match.Name);
            }

            result.Add(new ProjectStatusItem
            {
                Name = status.Name,
                ShortName = match?.ShortName,
                Icon = match?.Icon,
                State = StateOf(status.StateShort),
                Color = status.Color ?? match?.Color,
                Scope = status.Scope,
                OriginalName = match is not null && !string.Equals(match.Name, status.Name, StringComparison.Ordinal) ? match.Name : null,
            });
        }

        result.AddRange(existing.Where(e => !used.Contains(e.Name)));
        return result;
    }

    /// <summary>AYON state name of a ftrack state short name.</summary>
    public static string StateOf(string? stateShort) => stateShort?.ToUpperInvariant() switch
    {
        "BLOCKED" => "blocked",
        "IN_PROGRESS" => "in_progress",
        "DONE" => "done",
        _ => "not_started",
    };

    /// <summary>Plans the whole project.</summary>
    public static ProjectSyncPlan Plan(FtrackProjectState ftrack, AyonProjectState ayon, IReadOnlyDictionary<string, AttributeMappingEntry> mapping)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(mapping);
        var report = new List<string>();
        var projectPatch = PlanProject(ftrack, ayon, mapping, out var statuses);
        var confById = ftrack.Configurations.ToDictionary(c => c.Configuration.Id, StringComparer.Ordinal);
        var scopes = ayon.Attributes.ToDictionary(a => a.Name, a => a.Scope, StringComparer.Ordinal);

        var liveFtrackIds = ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var foldersById = ayon.Folders.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var tasksById = ayon.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var mapped = new Dictionary<string, (string AyonId, string? Path)>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        var operations = new List<OperationModel>();
        var childNames = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var userMap = UserMapping(ayon.Users, ftrack.AssigneesByTask.Values.SelectMany(u => u));

        // Parents first; among siblings whose names slug alike, the one already linked to an AYON entity keeps it.
        var linked = ayon.Folders.Select(f => f.FtrackId).Concat(ayon.Tasks.Select(t => t.FtrackId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var context in ftrack.Contexts.OrderBy(c => c.LinkNames.Count).ThenBy(c => linked.Contains(c.Id) ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            string? parentAyonId = null;
            string? parentPath = null;
            if (context.ParentId != ftrack.ProjectId)
            {
                if (context.ParentId is null || !mapped.TryGetValue(context.ParentId, out var parent) || parent.Path is null)
                {
                    Refuse(context, $"Not found entities: {string.Join('/', context.LinkNames)} (its parent is not synchronised)", markFailed: true);
                    continue;
                }

                (parentAyonId, parentPath) = parent;
            }
            else if (context.IsTask)
            {
                Refuse(context, $"Not found entities: {string.Join('/', context.LinkNames)} (a task directly under the project is skipped)", markFailed: false);
                continue;
            }

            var name = SyncConventions.Slugify(context.Name);
            var siblings = childNames.TryGetValue(parentAyonId ?? "", out var set) ? set : childNames[parentAyonId ?? ""] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!siblings.Add(name))
            {
                Refuse(context, $"Duplicated names: {string.Join('/', context.LinkNames)}", markFailed: true);
                continue;
            }

            var storedAyonId = ftrack.StoredValue(FtrackCustomAttributeKeys.AyonId, context.Id)?.ToString();
            var attrib = ExpectedAttrib(context, ftrack, mapping, confById, scopes, context.IsTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder);
            var status = statuses.FirstOrDefault(s => string.Equals(s.Name, context.StatusName, StringComparison.OrdinalIgnoreCase)
                && (s.Scope is null || s.Scope.Contains(context.IsTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder)))?.Name;

            if (context.IsTask)
            {
                var existing = FindTask(context, ayon.Tasks, tasksById, storedAyonId, parentAyonId!, name, claimed, liveFtrackIds);
                var assignees = ExpectedAssignees(context.Id, existing?.Assignees ?? [], ftrack, userMap);
                var id = existing?.Id ?? NewId(storedAyonId, foldersById, tasksById, claimed);
                claimed.Add(id);
                mapped[context.Id] = (id, null);
                var data = existing is null
                    ? CreateTaskData(context, name, parentAyonId!, status, attrib, assignees)
                    : TaskDiff(existing, context, name, parentAyonId!, status, attrib, assignees);
                if (existing is null)
                {
                    operations.Add(OperationModel.Create(AyonEntityTypes.Task, data, id));
                }
                else if (data.Count > 0)
                {
                    operations.Add(OperationModel.Update(AyonEntityTypes.Task, id, data));
                }
            }
            else
            {
                var existing = FindFolder(context, ayon.Folders, foldersById, storedAyonId, parentAyonId, name, claimed, liveFtrackIds);
                var id = existing?.Id ?? NewId(storedAyonId, foldersById, tasksById, claimed);
                claimed.Add(id);
                var immutable = existing is not null && IsRefusedHierarchyChange(existing, name, parentAyonId);
                if (immutable)
                {
                    // A folder holding published content keeps its name (slug) and parent: the paths of what was
                    // published depend on them. The ftrack change is reported and ayon_sync_failed is set on it.
                    report.Add($"Immutable folder: {string.Join('/', context.LinkNames)} holds products in AYON; its rename or move in ftrack is not applied");
                    failed.Add(context.Id);
                }

                mapped[context.Id] = (id, immutable ? ExistingPath(existing!, parentPath) : SyncConventions.ChildPath(parentPath, name));
                var folderType = context.ObjectTypeName ?? "Folder";
                if (existing is null)
                {
                    var data = new JsonObject
                    {
                        ["name"] = name, ["folderType"] = folderType, ["parentId"] = parentAyonId, ["attrib"] = attrib,
                    };
                    if (LabelFor(name, context.Name) is { } label)
                    {
                        data["label"] = label;
                    }

                    if (status is not null)
                    {
                        data["status"] = status;
                    }

                    operations.Add(OperationModel.Create(AyonEntityTypes.Folder, data, id));
                }
                else
                {
                    var data = FolderDiff(existing, context, name, folderType, parentAyonId, status, attrib);
                    if (immutable)
                    {
                        data.Remove("name");
                        data.Remove("label");
                        data.Remove("parentId");
                    }

                    if (data.Count > 0)
                    {
                        operations.Add(OperationModel.Update(AyonEntityTypes.Folder, id, data));
                    }
                }
            }
        }

        foreach (var folder in ayon.Folders.Where(f => f.Active && !claimed.Contains(f.Id)))
        {
            operations.Add(OperationModel.Update(AyonEntityTypes.Folder, folder.Id, new JsonObject { ["active"] = false }));
        }

        foreach (var task in ayon.Tasks.Where(t => t.Active && !claimed.Contains(t.Id)))
        {
            operations.Add(OperationModel.Update(AyonEntityTypes.Task, task.Id, new JsonObject { ["active"] = false }));
        }

        var backWrites = PlanBackWrites(ftrack, mapped, failed);
        return new ProjectSyncPlan(projectPatch, operations, backWrites, report)
        {
            AyonIds = mapped.ToDictionary(p => p.Key, p => p.Value.AyonId, StringComparer.Ordinal),
            Refusals = refusals,
        };

        void Refuse(FtrackContextInfo context, string line, bool markFailed)
        {
            report.Add(line);
            refusals[context.Id] = line;
            if (markFailed)
            {
                failed.Add(context.Id);
            }
        }
    }

    /// <summary>The AYON user names of ftrack users: e-mail first (case-insensitive), then the ftrack username before "@" against the lower-case AYON name; one-to-one.</summary>
    public static IReadOnlyDictionary<string, string> UserMapping(IReadOnlyList<UserNode> ayonUsers, IEnumerable<FtrackUserInfo> ftrackUsers)
    {
        ArgumentNullException.ThrowIfNull(ayonUsers);
        ArgumentNullException.ThrowIfNull(ftrackUsers);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var distinct = ftrackUsers.DistinctBy(u => u.Id).ToList();
        foreach (var user in distinct)
        {
            var byEmail = user.Email is { Length: > 0 } email
                ? ayonUsers.FirstOrDefault(a => !taken.Contains(a.Name) && string.Equals(a.Attrib.Email, email, StringComparison.OrdinalIgnoreCase))
                : null;
            if (byEmail is not null)
            {
                result[user.Id] = byEmail.Name;
                taken.Add(byEmail.Name);
            }
        }

        foreach (var user in distinct.Where(u => !result.ContainsKey(u.Id)))
        {
            var login = user.Username?.Split('@')[0].ToLowerInvariant();
            var byName = login is null ? null : ayonUsers.FirstOrDefault(a => !taken.Contains(a.Name) && string.Equals(a.Name, login, StringComparison.Ordinal));
            if (byName is not null)
            {
                result[user.Id] = byName.Name;
                taken.Add(byName.Name);
            }
        }

        return result;
    }

    /// <summary>The own attributes the AYON entity must carry for a ftrack context: ftrackId, ftrackPath, dates, description and mapped custom attributes with a stored value.</summary>
    public static JsonObject ExpectedAttrib(
        FtrackContextInfo context,
        FtrackProjectState ftrack,
        IReadOnlyDictionary<string, AttributeMappingEntry> mapping,
        IReadOnlyDictionary<string, FtrackConfigurationInfo> confById,
        IReadOnlyDictionary<string, IReadOnlyList<string>> scopes,
        string ayonEntityType)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(confById);
        ArgumentNullException.ThrowIfNull(scopes);
        var attrib = new JsonObject
        {
            [SyncConventions.FtrackIdAttribute] = context.Id,
            [SyncConventions.FtrackPathAttribute] = SyncConventions.FtrackPath(context.LinkNames),
        };
        if (context.StartDate is { } start && InScope(scopes, "startDate", ayonEntityType))
        {
            attrib["startDate"] = SyncConventions.FormatDate(SyncConventions.ShiftToNextMidnight(start));
        }

        if (context.EndDate is { } end && InScope(scopes, "endDate", ayonEntityType))
        {
            attrib["endDate"] = SyncConventions.FormatDate(SyncConventions.ShiftToNextMidnight(end));
        }

        if (!string.IsNullOrEmpty(context.Description) && InScope(scopes, "description", ayonEntityType))
        {
            attrib["description"] = context.Description;
        }

        foreach (var (name, entry) in mapping)
        {
            if (!InScope(scopes, name, ayonEntityType) || entry.ConfigurationFor("task", context.ObjectTypeId) is not { } conf)
            {
                continue;
            }

            if (ftrack.Values.TryGetValue((conf.Id, context.Id), out var stored) && confById.TryGetValue(conf.Id, out var info)
                && SyncConventions.ConvertValue(name, info.TypeName, info.Config, stored) is { } converted)
            {
                attrib[name] = converted;
            }
        }

        return attrib;
    }

    private static bool InScope(IReadOnlyDictionary<string, IReadOnlyList<string>> scopes, string name, string entityType) =>
        scopes.TryGetValue(name, out var scope) && scope.Contains(entityType, StringComparer.Ordinal);

    private static ProjectPatch? PlanProject(FtrackProjectState ftrack, AyonProjectState ayon, IReadOnlyDictionary<string, AttributeMappingEntry> mapping, out IReadOnlyList<ProjectStatusItem> statuses)
    {
        var project = ayon.Project;
        var folderTypes = DesiredTypes(ftrack.FolderTypes, project.FolderTypes, shortName: false);
        var taskTypes = DesiredTypes(ftrack.TaskTypes, project.TaskTypes, shortName: true);
        statuses = DesiredStatuses(ftrack.Statuses, project.Statuses);
        var foldersChanged = !folderTypes.Select(t => t.Name).SequenceEqual(project.FolderTypes.Select(t => t.Name), StringComparer.Ordinal);
        var tasksChanged = !taskTypes.Select(t => (t.Name, t.ShortName)).SequenceEqual(project.TaskTypes.Select(t => (t.Name, t.ShortName)));
        var statusesChanged = statuses.Count != project.Statuses.Count || statuses.Zip(project.Statuses).Any(p =>
            !string.Equals(p.First.Name, p.Second.Name, StringComparison.Ordinal)
            || !string.Equals(p.First.State, p.Second.State, StringComparison.Ordinal)
            || !string.Equals(p.First.Color, p.Second.Color, StringComparison.OrdinalIgnoreCase)
            || !(p.First.Scope ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(p.Second.Scope ?? []));

        var attrib = new JsonObject();
        if (!SyncConventions.SameValue(project.Attrib[SyncConventions.FtrackIdAttribute], JsonValue.Create(ftrack.ProjectId)))
        {
            attrib[SyncConventions.FtrackIdAttribute] = ftrack.ProjectId;
        }

        var confById = ftrack.Configurations.ToDictionary(c => c.Configuration.Id, StringComparer.Ordinal);
        foreach (var (name, entry) in mapping)
        {
            if (entry.ConfigurationFor("show", null) is { } conf
                && ftrack.Values.TryGetValue((conf.Id, ftrack.ProjectId), out var stored)
                && confById.TryGetValue(conf.Id, out var info)
                && SyncConventions.ConvertValue(name, info.TypeName, info.Config, stored) is { } converted
                && !SyncConventions.SameValue(project.Attrib[name], converted))
            {
                attrib[name] = converted;
            }
        }

        if (!foldersChanged && !tasksChanged && !statusesChanged && attrib.Count == 0)
        {
            return null;
        }

        return new ProjectPatch
        {
            FolderTypes = foldersChanged ? folderTypes : null,
            TaskTypes = tasksChanged ? taskTypes : null,
            Statuses = statusesChanged ? statuses : null,
            Attrib = attrib.Count > 0 ? attrib : null,
        };
    }

    private static List<ProjectTypeItem> DesiredTypes(IReadOnlyList<string> ftrack, IReadOnlyList<ProjectTypeItem> existing, bool shortName)
    {
        var result = new List<ProjectTypeItem>();
        foreach (var name in ftrack)
        {
            var match = existing.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            result.Add(new ProjectTypeItem
            {
                Name = name,
                ShortName = shortName ? match?.ShortName ?? SyncConventions.TaskTypeShortName(name) : match?.ShortName,
                Icon = match?.Icon,
                Color = match?.Color,
                OriginalName = match is not null && !string.Equals(match.Name, name, StringComparison.Ordinal) ? match.Name : null,
            });
        }

        return result;
    }

    private static FolderNode? FindFolder(FtrackContextInfo context, IReadOnlyList<FolderNode> folders, Dictionary<string, FolderNode> byId, string? storedAyonId,
        string? parentAyonId, string name, HashSet<string> claimed, HashSet<string> live)
    {
        return folders.FirstOrDefault(f => !claimed.Contains(f.Id) && f.FtrackId == context.Id)
            ?? (storedAyonId is { Length: > 0 } && byId.TryGetValue(storedAyonId, out var byAyonId) && !claimed.Contains(byAyonId.Id) && !IsLiveOther(byAyonId.FtrackId, context.Id, live) ? byAyonId : null)
            ?? folders.FirstOrDefault(f => !claimed.Contains(f.Id) && f.ParentId == parentAyonId
                && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && !IsLiveOther(f.FtrackId, context.Id, live));
    }

    private static TaskNode? FindTask(FtrackContextInfo context, IReadOnlyList<TaskNode> tasks, Dictionary<string, TaskNode> byId, string? storedAyonId,
        string parentAyonId, string name, HashSet<string> claimed, HashSet<string> live)
    {
        return tasks.FirstOrDefault(t => !claimed.Contains(t.Id) && t.FtrackId == context.Id)
            ?? (storedAyonId is { Length: > 0 } && byId.TryGetValue(storedAyonId, out var byAyonId) && !claimed.Contains(byAyonId.Id) && !IsLiveOther(byAyonId.FtrackId, context.Id, live) ? byAyonId : null)
            ?? tasks.FirstOrDefault(t => !claimed.Contains(t.Id) && t.FolderId == parentAyonId
                && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) && !IsLiveOther(t.FtrackId, context.Id, live));
    }

    private static bool IsLiveOther(string? ftrackId, string self, HashSet<string> live) =>
        ftrackId is { Length: > 0 } && ftrackId != self && live.Contains(ftrackId);

    private static string NewId(string? storedAyonId, Dictionary<string, FolderNode> folders, Dictionary<string, TaskNode> tasks, HashSet<string> claimed) =>
        storedAyonId is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower) && !folders.ContainsKey(id) && !tasks.ContainsKey(id) && !claimed.Contains(id)
            ? id
            : Guid.NewGuid().ToString("N");

    private static JsonObject CreateTaskData(FtrackContextInfo context, string name, string folderId, string? status, JsonObject attrib, IReadOnlyList<string> assignees)
    {
        var data = new JsonObject
        {
            ["name"] = name, ["taskType"] = context.TypeName ?? "", ["folderId"] = folderId, ["attrib"] = attrib,
            ["assignees"] = new JsonArray([.. assignees.Select(a => (JsonNode?)a)]),
        };
        if (LabelFor(name, context.Name) is { } label)
        {
            data["label"] = label;
        }

        if (status is not null)
        {
            data["status"] = status;
        }

        return data;
    }

    /// <summary>
    /// True when <paramref name="existing"/> holds products and the ftrack change would give it another name (slug) or
    /// parent: such a folder may be renamed only when its slug stays the same (behaviour reference P-16 1b, P-22 6).
    /// </summary>
    public static bool IsRefusedHierarchyChange(FolderNode existing, string name, string? parentAyonId)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return existing.HasProducts
            && (!string.Equals(existing.Name, name, StringComparison.Ordinal) || existing.ParentId != parentAyonId);
    }

    /// <summary>
    /// The label to store for an entity named <paramref name="name"/> whose ftrack name is <paramref name="ftrackName"/>:
    /// null when they are the same, as the original stores it (ayon_api's EntityHub sends a label only where it differs
    /// from the name, and clears it when a rename makes them equal).
    /// </summary>
    internal static string? LabelFor(string name, string? ftrackName) =>
        string.IsNullOrEmpty(ftrackName) || string.Equals(ftrackName, name, StringComparison.Ordinal) ? null : ftrackName;

    private static string ExistingPath(FolderNode existing, string? parentPath) =>
        existing.Path is { Length: > 0 } path ? "/" + path.TrimStart('/') : SyncConventions.ChildPath(parentPath, existing.Name);

    private static JsonObject FolderDiff(FolderNode existing, FtrackContextInfo context, string name, string folderType, string? parentId, string? status, JsonObject attrib)
    {
        var data = new JsonObject();
        if (!string.Equals(existing.Name, name, StringComparison.Ordinal))
        {
            data["name"] = name;
        }

        if (LabelFor(name, context.Name) is var label && !string.Equals(LabelFor(existing.Name, existing.Label), label, StringComparison.Ordinal))
        {
            data["label"] = label;
        }

        if (!string.Equals(existing.FolderType, folderType, StringComparison.Ordinal))
        {
            data["folderType"] = folderType;
        }

        if (existing.ParentId != parentId)
        {
            data["parentId"] = parentId;
        }

        CommonDiff(existing, status, attrib, data);
        return data;
    }

    private static JsonObject TaskDiff(TaskNode existing, FtrackContextInfo context, string name, string folderId, string? status, JsonObject attrib, IReadOnlyList<string> assignees)
    {
        var data = new JsonObject();
        if (!string.Equals(existing.Name, name, StringComparison.Ordinal))
        {
            data["name"] = name;
        }

        if (LabelFor(name, context.Name) is var label && !string.Equals(LabelFor(existing.Name, existing.Label), label, StringComparison.Ordinal))
        {
            data["label"] = label;
        }

        if (context.TypeName is { } type && !string.Equals(existing.TaskType, type, StringComparison.Ordinal))
        {
            data["taskType"] = type;
        }

        if (existing.FolderId != folderId)
        {
            data["folderId"] = folderId;
        }

        if (!existing.Assignees.ToHashSet(StringComparer.Ordinal).SetEquals(assignees))
        {
            data["assignees"] = new JsonArray([.. assignees.Select(a => (JsonNode?)a)]);
        }

        CommonDiff(existing, status, attrib, data);
        return data;
    }

    private static void CommonDiff(EntityNode existing, string? status, JsonObject attrib, JsonObject data)
    {
        if (!existing.Active)
        {
            data["active"] = true;
        }

        if (status is not null && !string.Equals(existing.Status, status, StringComparison.OrdinalIgnoreCase))
        {
            data["status"] = status;
        }

        var all = existing.ParseAllAttrib();
        var changed = new JsonObject();
        foreach (var (key, value) in attrib)
        {
            if (!existing.OwnAttrib.Contains(key, StringComparer.Ordinal) || !SyncConventions.SameValue(all[key], value))
            {
                changed[key] = value?.DeepClone();
            }
        }

        if (changed.Count > 0)
        {
            data["attrib"] = changed;
        }
    }

    private static List<string> ExpectedAssignees(string taskId, IReadOnlyList<string> current, FtrackProjectState ftrack, IReadOnlyDictionary<string, string> userMap)
    {
        var assigned = ftrack.AssigneesByTask.TryGetValue(taskId, out var users)
            ? users.Select(u => userMap.GetValueOrDefault(u.Id)).OfType<string>().ToList()
            : [];
        var ftrackMapped = userMap.Values.ToHashSet(StringComparer.Ordinal);
        return [.. current.Where(c => !ftrackMapped.Contains(c)).Concat(assigned).Distinct(StringComparer.Ordinal)];
    }

    private static List<FtrackBackWrite> PlanBackWrites(FtrackProjectState ftrack, Dictionary<string, (string AyonId, string? Path)> mapped, HashSet<string> failed)
    {
        var result = new List<FtrackBackWrite>();
        var ayonId = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonId);
        var ayonPath = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonPath);
        var syncFailed = ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonSyncFailed);
        foreach (var context in ftrack.Contexts)
        {
            var ok = mapped.TryGetValue(context.Id, out var target);
            if (!ok && !failed.Contains(context.Id))
            {
                continue;
            }

            var entityType = context.EntityType;
            if (syncFailed is not null)
            {
                Add(syncFailed, context.Id, entityType, JsonValue.Create(!ok || failed.Contains(context.Id)));
            }

            if (!ok)
            {
                continue;
            }

            if (ayonId is not null)
            {
                Add(ayonId, context.Id, entityType, JsonValue.Create(target.AyonId));
            }

            if (ayonPath is not null && target.Path is not null)
            {
                Add(ayonPath, context.Id, entityType, JsonValue.Create(target.Path));
            }
        }

        return result;

        void Add(FtrackConfigurationInfo conf, string entityId, string entityType, JsonNode? value)
        {
            var stored = ftrack.Values.TryGetValue((conf.Configuration.Id, entityId), out var v) ? v : null;
            if (!SyncConventions.SameValue(stored, value))
            {
                result.Add(new FtrackBackWrite(entityId, entityType, conf.Configuration.Id, conf.Configuration.Key, value));
            }
        }
    }
}
