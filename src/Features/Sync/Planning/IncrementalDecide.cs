using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>The steps of the incremental sync, in the order the original applies them (P-16).</summary>
public enum ChangeKind
{
    /// <summary>Folder rename or move (parents before children; descendants' paths follow).</summary>
    FolderHierarchy,

    /// <summary>Removal of folders and tasks (deepest first), under <see cref="RemovedEntityPolicy"/>.</summary>
    Removal,

    /// <summary>Creation of folders and tasks (missing parents first, same-name entities reused).</summary>
    Creation,

    /// <summary>Task rename or move.</summary>
    TaskHierarchy,

    /// <summary>Task type, status, dates, description and mapped custom attributes.</summary>
    Attributes,

    /// <summary>Project attributes (mapped custom attributes of the ftrack project), with the types and statuses the project needs.</summary>
    Project,

    /// <summary>AssetVersion status and attributes (the AYON version found by <see cref="VersionMatch"/>).</summary>
    Versions,

    /// <summary>Task assignees.</summary>
    Assignees,

    /// <summary>Folder links (<c>dependency</c> add/remove).</summary>
    Links,

    /// <summary>Entity lists (<c>list</c> add/remove/rename/type, <c>listobject</c> add/remove) through <see cref="ListSync"/>.</summary>
    Lists,
}

/// <summary>
/// The pure part of the incremental sync: the full plan (same rules as P-22) narrowed to the entities and fields of
/// one change kind, and the removal decision under the delete policy.
/// </summary>
public static class IncrementalDecide
{
    private static readonly Dictionary<ChangeKind, string[]> Fields = new()
    {
        [ChangeKind.FolderHierarchy] = ["name", "label", "parentId", "active"],
        [ChangeKind.TaskHierarchy] = ["name", "label", "folderId", "active"],
        [ChangeKind.Attributes] = ["status", "taskType", "folderType"],
        [ChangeKind.Assignees] = ["assignees"],
    };

    /// <summary>
    /// Narrows <paramref name="plan"/> to <paramref name="kind"/> for the changed ftrack ids. An entity that is not
    /// synchronised yet (its AYON entity would have to be created first) throws <see cref="SyncException"/>, so the
    /// job fails and is retried after the creation arrived; creations include their missing parents, and the creations
    /// the plan refuses are returned in <see cref="ProjectSyncPlan.Refusals"/> (with their <c>ayon_sync_failed</c> write-back).
    /// </summary>
    public static ProjectSyncPlan Scope(
        ProjectSyncPlan plan, FtrackProjectState ftrack, AyonProjectState ayon, ChangeKind kind, IReadOnlyCollection<string> ftrackIds, IEnumerable<string>? createdEarlier = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrackIds);
        var existing = ayon.Folders.Select(f => f.Id).Concat(ayon.Tasks.Select(t => t.Id)).Concat(createdEarlier ?? []).ToHashSet(StringComparer.Ordinal);
        var contexts = ftrack.Contexts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var scope = new HashSet<string>(StringComparer.Ordinal);
        var deletedInAyon = kind == ChangeKind.Creation
            ? ftrackIds.Where(id => contexts.ContainsKey(id) && DeletedInAyon(id, plan, ftrack, existing)).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var id in ftrackIds.Where(contexts.ContainsKey).Where(id => !deletedInAyon.Contains(id)))
        {
            if (kind != ChangeKind.Creation && (!plan.AyonIds.TryGetValue(id, out var ayonId) || !existing.Contains(ayonId)))
            {
                throw new SyncException($"ftrack entity {id} ({contexts[id].Name}) is not synchronised to AYON yet; the {kind} change waits for its creation.");
            }

            scope.Add(id);
            if (kind == ChangeKind.Creation)
            {
                for (var parent = contexts[id].ParentId; parent is not null && contexts.TryGetValue(parent, out var p); parent = p.ParentId)
                {
                    scope.Add(parent);
                }
            }
        }

        // Creations the plan refuses (parent not synchronised, a same-name sibling linked to a live ftrack entity, a task
        // under the project) do not hold back the others of the event: those are written, the refused ones are marked
        // ayon_sync_failed in ftrack and kept in Refusals, so the job fails (and is retried) once the rest is written.
        var refused = kind == ChangeKind.Creation
            ? scope.Where(id => !plan.AyonIds.ContainsKey(id))
                .ToDictionary(id => id, id => plan.Refusals.GetValueOrDefault(id) ?? $"Not synchronised: {contexts[id].Name} ({id})", StringComparer.Ordinal)
            : [];

        if (kind == ChangeKind.FolderHierarchy)
        {
            var children = ftrack.Contexts.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!, StringComparer.Ordinal);
            var queue = new Queue<string>(scope);
            while (queue.TryDequeue(out var id))
            {
                foreach (var child in children[id].Where(c => scope.Add(c.Id)))
                {
                    queue.Enqueue(child.Id);
                }
            }
        }

        var ayonScope = scope.Where(plan.AyonIds.ContainsKey).Select(id => plan.AyonIds[id]).ToHashSet(StringComparer.Ordinal);
        var operations = new List<OperationModel>();
        foreach (var op in plan.Operations.Where(o => o.EntityId is not null && ayonScope.Contains(o.EntityId)))
        {
            if (kind == ChangeKind.Creation)
            {
                if (op.Type == "create")
                {
                    operations.Add(op);
                }
                else if (op.Type == "update" && op.Data is not null && LinkFields(op.Data) is { Count: > 0 } link)
                {
                    // The AYON entity exists already (made in AYON and pushed by the transmitter, or a same-name entity
                    // reused): it gets its link to the new ftrack entity (ftrackId, ftrackPath), as the original sets them.
                    operations.Add(OperationModel.Update(op.EntityType, op.EntityId!, link));
                }

                continue;
            }

            if (op.Type != "update" || op.Data is null || FilterFields(op.Data, kind) is not { Count: > 0 } data)
            {
                continue;
            }

            operations.Add(OperationModel.Update(op.EntityType, op.EntityId!, data));
        }

        var written = existing.Concat(operations.Where(o => o.Type == "create").Select(o => o.EntityId!)).ToHashSet(StringComparer.Ordinal);
        var backWrites = kind is ChangeKind.Attributes or ChangeKind.Assignees or ChangeKind.Project
            ? []
            : plan.BackWrites.Where(w => scope.Contains(w.EntityId)
                && (plan.AyonIds.TryGetValue(w.EntityId, out var a) ? written.Contains(a) : kind == ChangeKind.Creation)).ToList();
        // Creations and attribute changes may need folder/task types or statuses the AYON project lacks: the project is rebuilt first.
        var projectPatch = kind is ChangeKind.Creation or ChangeKind.Attributes or ChangeKind.Project ? plan.ProjectPatch : null;
        return new ProjectSyncPlan(projectPatch, operations, backWrites, plan.Report) { AyonIds = plan.AyonIds, Refusals = refused, DeletedInAyon = deletedInAyon };
    }

    /// <summary>
    /// True when the ftrack context carries a stored <c>ayon_id</c> of an AYON entity that is gone and the plan would
    /// create a new one: the context came from AYON (the transmitter writes <c>ayon_id</c> when it creates it) and AYON
    /// deleted the entity after that, so its creation event must not bring it back.
    /// </summary>
    private static bool DeletedInAyon(string ftrackId, ProjectSyncPlan plan, FtrackProjectState ftrack, HashSet<string> existing) =>
        ftrack.StoredValue(FtrackCustomAttributeKeys.AyonId, ftrackId) is JsonValue value
        && value.TryGetValue<string>(out var stored) && stored.Length > 0
        && !existing.Contains(stored)
        && (!plan.AyonIds.TryGetValue(ftrackId, out var planned) || !existing.Contains(planned));

    /// <summary>
    /// Replacements of removed ftrack entities (P-16 1c): when the full plan maps a live ftrack context (in practice a
    /// sibling whose slug is the AYON entity's name, e.g. <c>sh-01</c> removed while <c>sh_01</c> exists) to the AYON
    /// entity of a removed one, that entity is kept and re-linked instead of removed: the plan's update of the entity
    /// (ftrackId, ftrackPath and whatever else differs) and the write-back of <c>ayon_id</c>, <c>ayon_path</c>,
    /// <c>ayon_sync_failed</c> on the new ftrack entity. The original only re-links the ids (and leaves a task's path
    /// empty); taking the plan's whole update keeps the entity equal to its new ftrack counterpart. Entities mapped to
    /// several AYON entities are skipped, as in <see cref="Removals"/>. The result's <c>AyonIds</c> maps each replacing
    /// ftrack id to the kept AYON id.
    /// </summary>
    public static ProjectSyncPlan Replacements(IReadOnlyList<(string FtrackId, int Depth)> removed, FtrackProjectState ftrack, AyonProjectState ayon, ProjectSyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(plan);
        var live = ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var ftrackIdByAyonId = plan.AyonIds.Where(p => live.Contains(p.Key)).ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ftrackId, _) in removed.Where(r => !live.Contains(r.FtrackId)))
        {
            var matches = MatchesOf(ftrackId, ayon);
            if (matches.Count == 1 && ftrackIdByAyonId.TryGetValue(matches[0].Id, out var replacing) && replacing != ftrackId)
            {
                kept[replacing] = matches[0].Id;
            }
        }

        var keptAyonIds = kept.Values.ToHashSet(StringComparer.Ordinal);
        var operations = plan.Operations.Where(o => o.Type == "update" && o.EntityId is not null && keptAyonIds.Contains(o.EntityId)).ToList();
        var backWrites = plan.BackWrites.Where(w => kept.ContainsKey(w.EntityId)).ToList();
        return new ProjectSyncPlan(null, operations, backWrites, []) { AyonIds = kept };
    }

    /// <summary>
    /// The AYON writes for removed ftrack entities (deepest first). A folder holding products is never deleted: under
    /// <see cref="RemovedEntityPolicy.Delete"/> it is marked (<c>ftrackId = "removed"</c>), under
    /// <see cref="RemovedEntityPolicy.RefuseWhenProducts"/> the removal is refused with <see cref="SyncException"/>;
    /// <see cref="RemovedEntityPolicy.MarkOnly"/> marks and deactivates everything. Entities already gone, ftrack ids
    /// mapped to several AYON entities, and ftrack ids that are live again are skipped.
    /// </summary>
    public static IReadOnlyList<OperationModel> Removals(
        IReadOnlyList<(string FtrackId, int Depth)> removed,
        AyonProjectState ayon,
        IReadOnlySet<string> liveFtrackIds,
        IReadOnlySet<string> foldersWithProducts,
        RemovedEntityPolicy policy,
        IReadOnlySet<string>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(liveFtrackIds);
        ArgumentNullException.ThrowIfNull(foldersWithProducts);
        var operations = new List<OperationModel>();
        foreach (var (ftrackId, _) in removed.OrderByDescending(r => r.Depth))
        {
            if (liveFtrackIds.Contains(ftrackId))
            {
                continue;
            }

            var matches = MatchesOf(ftrackId, ayon);
            if (matches.Count != 1 || replaced?.Contains(matches[0].Id) == true)
            {
                continue;
            }

            var (type, id, active) = matches[0];
            var holdsProducts = type == AyonEntityTypes.Folder && foldersWithProducts.Contains(id);
            switch (policy)
            {
                case RemovedEntityPolicy.MarkOnly:
                    operations.Add(Mark(type, id, deactivate: active));
                    break;
                case RemovedEntityPolicy.RefuseWhenProducts when holdsProducts:
                    throw new SyncException($"AYON folder {id} (ftrack {ftrackId}) holds products; the delete policy refuses to remove it.");
                case RemovedEntityPolicy.Delete when holdsProducts:
                    operations.Add(Mark(type, id, deactivate: false));
                    break;
                default:
                    operations.Add(OperationModel.Delete(type, id));
                    break;
            }
        }

        return operations;
    }

    private static List<(string Type, string Id, bool Active)> MatchesOf(string ftrackId, AyonProjectState ayon) =>
        [.. ayon.Folders.Where(f => f.FtrackId == ftrackId).Select(f => (Type: AyonEntityTypes.Folder, f.Id, f.Active))
            .Concat(ayon.Tasks.Where(t => t.FtrackId == ftrackId).Select(t => (Type: AyonEntityTypes.Task, t.Id, t.Active)))];

    private static OperationModel Mark(string type, string id, bool deactivate)
    {
        var data = new JsonObject { ["attrib"] = new JsonObject { [SyncConventions.FtrackIdAttribute] = SyncConventions.RemovedIdValue } };
        if (deactivate)
        {
            data["active"] = false;
        }

        return OperationModel.Update(type, id, data);
    }

    private static JsonObject LinkFields(JsonObject data)
    {
        var result = new JsonObject();
        if (data["attrib"] is JsonObject attrib)
        {
            var kept = new JsonObject();
            foreach (var (key, value) in attrib.Where(a => a.Key is SyncConventions.FtrackPathAttribute or SyncConventions.FtrackIdAttribute))
            {
                kept[key] = value?.DeepClone();
            }

            if (kept.Count > 0)
            {
                result["attrib"] = kept;
            }
        }

        return result;
    }

    private static JsonObject FilterFields(JsonObject data, ChangeKind kind)
    {
        var result = new JsonObject();
        foreach (var field in Fields[kind].Where(data.ContainsKey))
        {
            result[field] = data[field]?.DeepClone();
        }

        if (data["attrib"] is JsonObject attrib)
        {
            var kept = new JsonObject();
            foreach (var (key, value) in attrib)
            {
                var isPath = key is SyncConventions.FtrackPathAttribute or SyncConventions.FtrackIdAttribute;
                if ((kind is ChangeKind.FolderHierarchy or ChangeKind.TaskHierarchy && isPath) || (kind == ChangeKind.Attributes && !isPath))
                {
                    kept[key] = value?.DeepClone();
                }
            }

            if (kept.Count > 0)
            {
                result["attrib"] = kept;
            }
        }

        return result;
    }
}
