using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>One ftrack entity a sync step works on, with its depth in the event's <c>parents</c> (deepest first for removals).</summary>
public sealed record ChangedEntity(string FtrackId, int Depth);

/// <summary>
/// What one <c>ftrack.update</c> event asks of the incremental sync in one project, split by step in the original's
/// order (P-16 <c>_split_event_entity_info</c>): folder renames/moves, removals, creations, task renames/moves, attribute
/// changes of contexts, of the project and of AssetVersions, assignments, folder links and the touched lists; and, before
/// all of them, whether the event turns the project's auto-sync on or off (<see cref="AutoSync"/>). Pure.
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

    /// <summary>
    /// True (on) or false (off) when the event changes the project's <c>auto_sync_enabled</c>, else null. The original
    /// checks it first: turned on, the whole project is synchronised; either way the rest of the event is not.
    /// </summary>
    public bool? AutoSync { get; init; }

    /// <summary>The ftrack lists the event's <c>list</c> and <c>listobject</c> items touch (<see cref="ListIdOf"/>).</summary>
    public IReadOnlyList<string> Lists { get; init; } = [];

    /// <summary>True when no step has anything to do.</summary>
    public bool IsEmpty =>
        FolderMoves.Count + Removals.Count + Creations.Count + TaskMoves.Count + Attributes.Count + Versions.Count + Assignees.Count + Links.Count + Lists.Count == 0
        && !Project && AutoSync is null;

    /// <summary>
    /// The project the event's sync work is in (the first change any step takes) and that work, or null when the event
    /// asks nothing of the sync. Changes of other projects in the same event are left out.
    /// </summary>
    public static (string ProjectId, SyncChanges Changes)? Of(IReadOnlyList<EntityChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var toggle = changes.FirstOrDefault(c => c.ProjectId is not null && AutoSyncOf(c) is not null);
        var project = toggle?.ProjectId ?? changes.FirstOrDefault(c => c.ProjectId is not null && StepOf(c))?.ProjectId;
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
            [.. own.Select(LinkChangeOf).OfType<LinkChange>().Distinct()])
        {
            AutoSync = toggle is null ? null : AutoSyncOf(toggle),
            Lists = [.. own.Select(ListIdOf).OfType<string>().Distinct(StringComparer.Ordinal)],
        };
        return (project, split);
    }

    /// <summary>
    /// True (turned on: "1" or true) or false (turned off) when <paramref name="change"/> is a project update of
    /// <c>auto_sync_enabled</c>, else null.
    /// </summary>
    public static bool? AutoSyncOf(EntityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.EntityType == "show" && change.IsUpdate && change.Changes.TryGetValue(FtrackCustomAttributeKeys.AutoSyncEnabled, out var value)
            ? value.New is "1" or "true" or "True"
            : null;
    }

    /// <summary>
    /// The list a change item touches, or null: <c>list</c> add/remove, <c>list</c> update of <c>name</c> or
    /// <c>ayon_list_type</c>, <c>listobject</c> add/remove (the list id from <c>changes.listid</c>).
    /// </summary>
    public static string? ListIdOf(EntityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EntityType == "list")
        {
            return change.Action is "add" or "remove" || (change.IsUpdate && (change.Changed("name") || change.Changed(FtrackCustomAttributeKeys.AyonListType)))
                ? change.EntityId
                : null;
        }

        if (change.EntityType == "listobject" && change.Action is "add" or "remove")
        {
            var value = change.Changes.GetValueOrDefault("listid") ?? change.Changes.GetValueOrDefault("list_id");
            return (value?.New ?? value?.Old) is { Length: > 0 } listId ? listId : change.ParentId;
        }

        return null;
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
        || IsProjectAttributeChange(c) || IsVersionChange(c) || AssignedTask(c) is not null || LinkChangeOf(c) is not null || ListIdOf(c) is not null;

    // A show update changing anything but auto-sync and names (the toggle is its own step).
    private static bool IsProjectAttributeChange(EntityChange c) =>
        c.EntityType == "show" && c.IsUpdate && c.Changes.Keys.Any(k => !NotProjectAttributes.Contains(k));

    // The sync's own write-back of ayon_id (and the like) comes back as an update that has nothing to sync; removals are ignored.
    private static bool IsVersionChange(EntityChange c) =>
        c.EntityType == "assetversion" && c.IsUpdate && c.Changes.Keys.Any(k => !OwnVersionKeys.Contains(k));

    private static List<ChangedEntity> Entities(IEnumerable<EntityChange> changes, Func<EntityChange, bool> matches) =>
        [.. changes.Where(matches).DistinctBy(c => c.EntityId).Select(c => new ChangedEntity(c.EntityId, c.Depth))];
}
