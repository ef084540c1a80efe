using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// One step of the incremental sync as decided: the project patch, AYON operations and ftrack back-writes to apply, and
/// why the step (or part of it) is refused. <see cref="ChangeKind.Versions"/>, <see cref="ChangeKind.Links"/> and
/// <see cref="ChangeKind.Lists"/> carry no writes: they read what they need when applied.
/// </summary>
public sealed record SyncStepPlan(ChangeKind Kind, ProjectPatch? ProjectPatch, IReadOnlyList<OperationModel> Operations, IReadOnlyList<FtrackBackWrite> BackWrites)
{
    /// <summary>Why the step's entities (or some of them) are not synchronised; the job fails with it once the rest is written.</summary>
    public string? Refusal { get; init; }

    /// <summary>Changed ftrack ids that no longer exist (nothing to do for them).</summary>
    public IReadOnlyList<string> Gone { get; init; } = [];

    /// <summary>Created ftrack ids whose AYON entity AYON deleted since (not created again).</summary>
    public IReadOnlyCollection<string> DeletedInAyon { get; init; } = [];

    /// <summary>Removed ftrack ids' AYON entities kept for the live ftrack id that has their name (replacing id → AYON id).</summary>
    public IReadOnlyDictionary<string, string> Replaced { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>True when the step writes nothing.</summary>
    public bool IsEmpty => ProjectPatch is null && Operations.Count == 0 && BackWrites.Count == 0;
}

/// <summary>
/// The whole decision of one event, made once from one plan of the full-sync rules (<see cref="ProjectSyncPlanner.Plan"/>)
/// over the state read once: the plan is cut into the original's steps (<see cref="IncrementalDecide.Scope"/>,
/// <see cref="IncrementalDecide.Removals"/>), each step seeing what the steps before it create, and a write (an
/// operation's field, a back-write, the project patch) that an earlier step already makes is not made again. Pure.
/// </summary>
public static class SyncSteps
{
    /// <summary>True when a step of <paramref name="changes"/> needs the plan (all but versions, links and lists).</summary>
    public static bool NeedPlan(SyncChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.FolderMoves.Count + changes.Removals.Count + changes.Creations.Count + changes.TaskMoves.Count + changes.Attributes.Count + changes.Assignees.Count > 0
            || changes.Project;
    }

    /// <summary>
    /// True when the steps of <paramref name="changes"/> need AYON's folders, tasks and attributes; lists alone need only
    /// the AYON project (they read their members themselves).
    /// </summary>
    public static bool NeedEntities(SyncChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return NeedPlan(changes) || changes.Versions.Count + changes.Links.Count > 0;
    }

    /// <summary>The steps of <paramref name="changes"/> in the original's order (steps with nothing to consider are left out).</summary>
    public static IReadOnlyList<SyncStepPlan> Decide(
        string ftrackProjectId, SyncChanges changes, ProjectSyncPlan? plan, FtrackProjectState ftrack, AyonProjectState ayon, RemovedEntityPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        var steps = new List<SyncStepPlan>();
        var written = new Written();
        var live = ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, entities) in new (ChangeKind, IReadOnlyList<ChangedEntity>)[]
        {
            (ChangeKind.FolderHierarchy, changes.FolderMoves),
            (ChangeKind.Removal, changes.Removals),
            (ChangeKind.Creation, changes.Creations),
            (ChangeKind.TaskHierarchy, changes.TaskMoves),
            (ChangeKind.Attributes, changes.Attributes),
            (ChangeKind.Project, changes.Project ? [new ChangedEntity(ftrackProjectId, 0)] : []),
            (ChangeKind.Versions, [.. changes.Versions.Select(v => new ChangedEntity(v, 0))]),
            (ChangeKind.Assignees, changes.Assignees),
            (ChangeKind.Links, [.. changes.Links.Select(l => new ChangedEntity(l.FromId, 0))]),
            (ChangeKind.Lists, [.. changes.Lists.Select(l => new ChangedEntity(l, 0))]),
        })
        {
            if (entities.Count == 0)
            {
                continue;
            }

            if (kind is ChangeKind.Versions or ChangeKind.Links or ChangeKind.Lists)
            {
                steps.Add(new SyncStepPlan(kind, null, [], []));
                continue;
            }

            var full = plan ?? throw new InvalidOperationException($"The {kind} step needs the plan.");
            steps.Add(written.Keep(kind == ChangeKind.Removal
                ? Removal(entities, full, ftrack, ayon, live, policy)
                : Scoped(kind, entities, full, ftrack, ayon, live, written.Created)));
        }

        return steps;
    }

    private static SyncStepPlan Removal(IReadOnlyList<ChangedEntity> entities, ProjectSyncPlan plan, FtrackProjectState ftrack, AyonProjectState ayon, HashSet<string> live, RemovedEntityPolicy policy)
    {
        IReadOnlyList<(string FtrackId, int Depth)> removed = [.. entities.Select(e => (e.FtrackId, e.Depth))];
        var replacements = IncrementalDecide.Replacements(removed, ftrack, ayon, plan);
        var withProducts = ayon.Folders.Where(f => f.HasProducts).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        try
        {
            var removals = IncrementalDecide.Removals(removed, ayon, live, withProducts, policy, replacements.AyonIds.Values.ToHashSet(StringComparer.Ordinal));
            // A kept entity takes its new counterpart's status, which the AYON project may lack yet.
            return new SyncStepPlan(ChangeKind.Removal, replacements.Operations.Count > 0 ? plan.ProjectPatch : null, [.. replacements.Operations, .. removals], replacements.BackWrites)
            {
                Replaced = replacements.AyonIds,
            };
        }
        catch (SyncException refused)
        {
            return new SyncStepPlan(ChangeKind.Removal, null, [], []) { Refusal = refused.Message };
        }
    }

    private static SyncStepPlan Scoped(
        ChangeKind kind, IReadOnlyList<ChangedEntity> entities, ProjectSyncPlan plan, FtrackProjectState ftrack, AyonProjectState ayon, HashSet<string> live, IEnumerable<string> created)
    {
        var gone = kind == ChangeKind.Project ? [] : entities.Select(e => e.FtrackId).Where(id => !live.Contains(id)).ToList();
        try
        {
            var scoped = IncrementalDecide.Scope(plan, ftrack, ayon, kind, [.. entities.Select(e => e.FtrackId)], created);
            var refusal = string.Join("; ", scoped.Refusals.Values);
            return new SyncStepPlan(kind, scoped.ProjectPatch, scoped.Operations, scoped.BackWrites)
            {
                Gone = gone,
                DeletedInAyon = scoped.DeletedInAyon,
                Refusal = refusal.Length > 0 ? $"ftrack entities not created in AYON: {refusal}." : null,
            };
        }
        catch (SyncException refused)
        {
            return new SyncStepPlan(kind, null, [], []) { Gone = gone, Refusal = refused.Message };
        }
    }

    /// <summary>What the steps so far write: the fields of each AYON entity, the back-writes, the project patch, the created entities.</summary>
    private sealed class Written
    {
        private readonly Dictionary<string, JsonObject> _fields = new(StringComparer.Ordinal);
        private readonly HashSet<(string EntityId, string ConfigurationId)> _backWrites = [];
        private readonly HashSet<string> _created = new(StringComparer.Ordinal);
        private bool _projectPatched;

        public IEnumerable<string> Created => _created;

        public SyncStepPlan Keep(SyncStepPlan step)
        {
            var operations = new List<OperationModel>();
            foreach (var op in step.Operations)
            {
                if (op.Type == "create" && op.EntityId is not null && !_created.Add(op.EntityId))
                {
                    continue;
                }

                if (op.Type == "update" && op.EntityId is not null && op.Data is not null)
                {
                    var own = _fields.TryGetValue(op.EntityId, out var done) ? done : _fields[op.EntityId] = [];
                    if (New(op.Data, own) is { Count: > 0 } data)
                    {
                        operations.Add(OperationModel.Update(op.EntityType, op.EntityId, data));
                    }

                    continue;
                }

                operations.Add(op);
            }

            var patch = step.ProjectPatch is not null && !_projectPatched ? step.ProjectPatch : null;
            _projectPatched |= patch is not null;
            return step with { ProjectPatch = patch, Operations = operations, BackWrites = [.. step.BackWrites.Where(w => _backWrites.Add((w.EntityId, w.ConfigurationId)))] };
        }

        // The fields of data that the entity was not given yet (attrib by attribute), recorded as given.
        private static JsonObject New(JsonObject data, JsonObject given)
        {
            var result = new JsonObject();
            foreach (var (key, value) in data)
            {
                if (key == "attrib" && value is JsonObject attrib)
                {
                    var givenAttrib = given["attrib"] as JsonObject ?? (JsonObject)(given["attrib"] = new JsonObject());
                    var fresh = New(attrib, givenAttrib);
                    if (fresh.Count > 0)
                    {
                        result["attrib"] = fresh;
                    }
                }
                else if (!given.ContainsKey(key) || !JsonNode.DeepEquals(given[key], value))
                {
                    result[key] = value?.DeepClone();
                    given[key] = value?.DeepClone();
                }
            }

            return result;
        }
    }
}
