namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// What one <c>ftrack.update</c> event touches in one project, for every change slice of the event at once: the
/// changed contexts (assignment changes count for their task), their ancestors named in the event's <c>parents</c>,
/// and the folders whose descendants follow a rename or move. The incremental sync loads these (and the changed
/// contexts' siblings) instead of the whole project, once per event.
/// </summary>
/// <param name="ProjectId">The ftrack project id.</param>
/// <param name="Changed">Changed ftrack context ids (removed ones included).</param>
/// <param name="Ancestors">Their ancestors below the project, from the event.</param>
/// <param name="Parents">The parents of the changed contexts (their children are the siblings the name rules need); the project id when top-level.</param>
/// <param name="HierarchyRoots">Folders renamed or moved: their descendants' paths follow.</param>
public sealed record SyncEventScope(
    string ProjectId,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Ancestors,
    IReadOnlyList<string> Parents,
    IReadOnlyList<string> HierarchyRoots)
{
    /// <summary>
    /// The scope of <paramref name="changes"/> when the event itself is not at hand (a handler run on its own): the
    /// changed entities and link ends, with no ancestors or parents named (their current ones are read).
    /// </summary>
    public static SyncEventScope Of(string projectId, SyncChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        IEnumerable<ChangedEntity> entities = [.. changes.FolderMoves, .. changes.Removals, .. changes.Creations, .. changes.TaskMoves, .. changes.Attributes, .. changes.Assignees];
        return new SyncEventScope(
            projectId,
            [.. entities.Select(e => e.FtrackId).Concat(changes.Links.SelectMany(l => new[] { l.FromId, l.ToId })).Distinct(StringComparer.Ordinal)],
            [],
            [],
            [.. changes.FolderMoves.Select(e => e.FtrackId).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The scope of the changes of <paramref name="projectId"/> (pure).</summary>
    public static SyncEventScope Build(IEnumerable<EntityChange> changes, string projectId)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var changed = new List<string>();
        var ancestors = new List<string>();
        var parents = new List<string>();
        var roots = new List<string>();
        foreach (var change in changes.Where(c => c.ProjectId == projectId))
        {
            if (change.IsContext)
            {
                changed.Add(change.EntityId);
                ancestors.AddRange(change.Ancestors);
                parents.Add(change.ParentId ?? (change.Ancestors.Count > 0 ? change.Ancestors[0] : projectId));
                if (!change.IsTask && change.IsUpdate && (change.Changed("name") || change.Changed("parent_id")))
                {
                    roots.Add(change.EntityId);
                }
            }
            else if (SyncChanges.LinkChangeOf(change) is { } link)
            {
                changed.Add(link.FromId);
                changed.Add(link.ToId);
            }
            else if (SyncChanges.AssignedTask(change) is { } task)
            {
                changed.Add(task);
                ancestors.AddRange(change.Ancestors.Where(a => a != task));
            }
        }

        return new SyncEventScope(
            projectId,
            [.. changed.Distinct(StringComparer.Ordinal)],
            [.. ancestors.Distinct(StringComparer.Ordinal)],
            [.. parents.Distinct(StringComparer.Ordinal)],
            [.. roots.Distinct(StringComparer.Ordinal)]);
    }
}
