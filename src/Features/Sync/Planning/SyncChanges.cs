using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>One ftrack entity a sync step works on, with its depth in the event's <c>parents</c> (deepest first for removals).</summary>
public sealed record ChangedEntity(string FtrackId, int Depth);

/// <summary>
/// What one <c>ftrack.update</c> event asks of the incremental sync in one project, split by step in the original's
/// order (P-16 <c>_split_event_entity_info</c>): folder renames/moves, removals, creations, task renames/moves, attribute
/// changes of contexts, of the project and of AssetVersions, assignments, and folder links. Pure.
/// </summary>
public sealed record SyncChanges(
    IReadOnlyList<ChangedEntity> FolderMoves,
    IReadOnlyList<ChangedEntity> Removals,
    IReadOnlyList<ChangedEntity> Creations,
    IReadOnlyList<ChangedEntity> TaskMoves,
    IReadOnlyList<ChangedEntity> Attributes,
    bool Project,
    IReadOnlyList<string> Versions,
    IReadOnlyList<ChangedEntity> Assignees,
    IReadOnlyList<LinkChange> Links)
{
    private static readonly HashSet<string> NotProjectAttributes = new(StringComparer.Ordinal)
    {
        FtrackCustomAttributeKeys.AutoSyncEnabled, "name", "fullname", "full_name", "thumbid", "priorityid",
    };

    private static readonly HashSet<string> OwnVersionKeys = new(StringComparer.Ordinal)
    {
        FtrackCustomAttributeKeys.AyonId, FtrackCustomAttributeKeys.AyonPath, FtrackCustomAttributeKeys.AyonSyncFailed,
    };

    /// <summary>True when no step has anything to do.</summary>
    public bool IsEmpty => FolderMoves.Count + Removals.Count + Creations.Count + TaskMoves.Count + Attributes.Count + Versions.Count + Assignees.Count + Links.Count == 0 && !Project;

    /// <summary>
    /// The project the event's sync work is in (the first change any step takes) and that work, or null when the event
    /// asks nothing of the sync. Changes of other projects in the same event are left out.
    /// </summary>
    public static (string ProjectId, SyncChanges Changes)? Of(IReadOnlyList<EntityChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var project = changes.FirstOrDefault(c => c.ProjectId is not null && StepOf(c))?.ProjectId;
        if (project is null)
        {
            return null;
        }

        var own = changes.Where(c => c.ProjectId == project).ToList();
        var split = new SyncChanges(
            Entities(own, c => c.IsContext && !c.IsTask && c.IsUpdate && (c.Changed("name") || c.Changed("parent_id"))),
            Entities(own, c => c.IsContext && c.Action == "remove"),
            Entities(own, c => c.IsContext && c.Action == "add"),
            Entities(own, c => c.IsTask && c.IsUpdate && (c.Changed("name") || c.Changed("parent_id"))),
            Entities(own, c => c.IsContext && c.IsUpdate && c.Changes.Keys.Any(k => k is not ("name" or "parent_id"))),
            own.Any(IsProjectAttributeChange),
            [.. own.Where(IsVersionChange).Select(c => c.EntityId).Distinct(StringComparer.Ordinal)],
            [.. own.Select(AssignedTask).OfType<string>().Distinct(StringComparer.Ordinal).Select(t => new ChangedEntity(t, 0))],
            [.. own.Select(LinkChangeOf).OfType<LinkChange>().Distinct()]);
        return (project, split);
    }

    /// <summary>The link added or removed by a <c>dependency</c> (TypedContextLink) item, or null.</summary>
    public static LinkChange? LinkChangeOf(EntityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EntityType != "dependency" || change.Action is not ("add" or "remove")
            || !change.Changes.TryGetValue("from_id", out var from) || !change.Changes.TryGetValue("to_id", out var to))
        {
            return null;
        }

        var added = change.Action == "add";
        return (added ? from.New : from.Old) is { Length: > 0 } fromId && (added ? to.New : to.Old) is { Length: > 0 } toId
            ? new LinkChange(fromId, toId, added)
            : null;
    }

    /// <summary>The task of an <c>assignment</c> appointment add/remove, or null.</summary>
    public static string? AssignedTask(EntityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.EntityType == "appointment" && change.Action is "add" or "remove"
            && change.Changes.TryGetValue("type", out var type) && (type.New ?? type.Old) == "assignment"
            && change.Changes.TryGetValue("context_id", out var context)
            ? context.New ?? context.Old
            : null;
    }

    private static bool StepOf(EntityChange c) =>
        c.IsContext && (c.Action is "add" or "remove" || (c.IsUpdate && c.Changes.Count > 0))
        || IsProjectAttributeChange(c) || IsVersionChange(c) || AssignedTask(c) is not null || LinkChangeOf(c) is not null;

    // A show update changing anything but auto-sync and names (the toggle has its own slice).
    private static bool IsProjectAttributeChange(EntityChange c) =>
        c.EntityType == "show" && c.IsUpdate && c.Changes.Keys.Any(k => !NotProjectAttributes.Contains(k));

    // The sync's own write-back of ayon_id (and the like) comes back as an update that has nothing to sync; removals are ignored.
    private static bool IsVersionChange(EntityChange c) =>
        c.EntityType == "assetversion" && c.IsUpdate && c.Changes.Keys.Any(k => !OwnVersionKeys.Contains(k));

    private static List<ChangedEntity> Entities(IEnumerable<EntityChange> changes, Func<EntityChange, bool> matches) =>
        [.. changes.Where(matches).DistinctBy(c => c.EntityId).Select(c => new ChangedEntity(c.EntityId, c.Depth))];
}
