using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

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
/// <see cref="Plan"/> walks the hierarchy; the rules it applies live by family beside it: <see cref="ProjectRules"/>
/// (types, statuses and attributes of the project), <see cref="StatusRules"/>, <see cref="AttributeRules"/>,
/// <see cref="FolderRules"/>, <see cref="TaskRules"/> (with what both share in <see cref="EntityRules"/>),
/// <see cref="AssigneeRules"/> and <see cref="BackWriteRules"/>.
/// </summary>
public static class ProjectSyncPlanner
{
    /// <summary>Plans the whole project.</summary>
    public static ProjectSyncPlan Plan(FtrackProjectState ftrack, AyonProjectState ayon, IReadOnlyDictionary<string, AttributeMappingEntry> mapping)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(mapping);
        var report = new List<string>();
        var projectPatch = ProjectRules.Patch(ftrack, ayon, mapping, out var statuses);
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
        var userMap = AssigneeRules.UserMapping(ayon.Users, ftrack.AssigneesByTask.Values.SelectMany(u => u));

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
            var entityType = context.IsTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder;
            var attrib = AttributeRules.ExpectedAttrib(context, ftrack, mapping, confById, scopes, entityType);
            var status = StatusRules.For(context, statuses, entityType);

            if (context.IsTask)
            {
                var existing = TaskRules.Find(context, ayon.Tasks, tasksById, storedAyonId, parentAyonId!, name, claimed, liveFtrackIds);
                var assignees = AssigneeRules.Expected(context.Id, existing?.Assignees ?? [], ftrack, userMap);
                var id = existing?.Id ?? EntityRules.NewId(storedAyonId, foldersById, tasksById, claimed);
                claimed.Add(id);
                mapped[context.Id] = (id, null);
                if (existing is null)
                {
                    operations.Add(OperationModel.Create(AyonEntityTypes.Task, TaskRules.CreateData(context, name, parentAyonId!, status, attrib, assignees), id));
                }
                else if (TaskRules.Diff(existing, context, name, parentAyonId!, status, attrib, assignees) is { Count: > 0 } data)
                {
                    operations.Add(OperationModel.Update(AyonEntityTypes.Task, id, data));
                }
            }
            else
            {
                var existing = FolderRules.Find(context, ayon.Folders, foldersById, storedAyonId, parentAyonId, name, claimed, liveFtrackIds);
                var id = existing?.Id ?? EntityRules.NewId(storedAyonId, foldersById, tasksById, claimed);
                claimed.Add(id);
                var immutable = existing is not null && FolderRules.IsRefusedHierarchyChange(existing, name, parentAyonId);
                if (immutable)
                {
                    // A folder holding published content keeps its name (slug) and parent: the paths of what was
                    // published depend on them. The ftrack change is reported and ayon_sync_failed is set on it.
                    report.Add($"Immutable folder: {string.Join('/', context.LinkNames)} holds products in AYON; its rename or move in ftrack is not applied");
                    failed.Add(context.Id);
                }

                mapped[context.Id] = (id, immutable ? FolderRules.ExistingPath(existing!, parentPath) : SyncConventions.ChildPath(parentPath, name));
                var folderType = context.ObjectTypeName ?? "Folder";
                if (existing is null)
                {
                    operations.Add(OperationModel.Create(AyonEntityTypes.Folder, FolderRules.CreateData(context, name, folderType, parentAyonId, status, attrib), id));
                }
                else
                {
                    var data = FolderRules.Diff(existing, context, name, folderType, parentAyonId, status, attrib);
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

        var backWrites = BackWriteRules.Plan(ftrack, mapped, failed);
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
}
