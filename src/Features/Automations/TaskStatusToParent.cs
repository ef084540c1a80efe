using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// Sets a parent's status (Shot, Asset Build, ... as listed in <c>status_task_to_parent.parent_object_types</c>) from
/// the statuses of its tasks when a task's status changes: first the all-match rule (the first item whose task
/// statuses contain every task's status), otherwise the single-match rule over the changed tasks (the earliest item
/// that lists a changed task's status). The status must be in the parent object type's schema and differ from the
/// parent's current one; a parent whose object type offers none of the configured statuses is left alone.
/// The parent's own change comes back as an <c>ftrack.update</c> of the parent, whose parent is not a task's parent:
/// the chain stops there.
/// Python origin: <c>services/processor/processor/default_handlers/event_task_to_parent_status.py</c> (P-18).
/// </summary>
public static partial class TaskStatusToParent
{
    /// <summary>One changed TypedContext (by id) under its direct parent.</summary>
    public sealed record Change(string ProjectId, string EntityId, string ParentId);

    public sealed record Command(IReadOnlyList<Change> Changes) : ICommand;

    /// <summary>TypedContexts (legacy <c>task</c>) whose <c>statusid</c> changed from one status to another, with a parent.</summary>
    public static Command? From(FtrackEvent e)
    {
        var changes = StatusChange.Of(e)
            .Where(c => c.IsContext && c.HasOldAndNew && c.ParentId is not null)
            .Select(c => new Change(c.ProjectId, c.EntityId, c.ParentId!))
            .Distinct()
            .ToList();
        return changes.Count > 0 ? new Command(changes) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Changes).NotEmpty();
            RuleForEach(c => c.Changes).Must(c => !string.IsNullOrWhiteSpace(c.ProjectId) && !string.IsNullOrWhiteSpace(c.EntityId) && !string.IsNullOrWhiteSpace(c.ParentId))
                .WithMessage("Every status change needs its project, entity and parent ids.");
        }
    }

    /// <summary>The object types (id, name) the decision matches the settings' names against.</summary>
    public sealed record ObjectTypeName(string Id, string Name);

    /// <summary>
    /// The parent status writes for the changed entities: <paramref name="parents"/> are the changed entities' parents,
    /// <paramref name="tasks"/> every Task under them (with current statuses).
    /// </summary>
    internal static StatusDecision Decide(
        StatusTaskToParentSettings settings,
        IReadOnlyList<ObjectTypeName> objectTypes,
        IReadOnlyList<ContextRow> parents,
        IReadOnlyList<ContextRow> tasks,
        IReadOnlyCollection<string> changedIds,
        StatusCatalog catalog)
    {
        var notes = new List<string>();
        var allMatch = settings.ParentStatusMatchAllTaskStatuses
            .Select(i => (New: i.Name.ToLowerInvariant(), Tasks: i.Value.Select(v => v.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        var singleMatch = settings.ParentStatusByTaskStatus
            .Select(i => (New: i.NewStatus.ToLowerInvariant(), Tasks: i.TaskStatuses.Select(v => v.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        if (settings.ParentObjectTypes.Count == 0 || (allMatch.Count == 0 && singleMatch.Count == 0))
        {
            return StatusDecision.None;
        }

        var typeIdByName = objectTypes.GroupBy(o => o.Name.ToLowerInvariant(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var validTypeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in settings.ParentObjectTypes)
        {
            if (typeIdByName.TryGetValue(name.ToLowerInvariant(), out var id))
            {
                validTypeIds.Add(id);
            }
            else
            {
                notes.Add($"Unknown object type \"{name}\" in status_task_to_parent.parent_object_types.");
            }
        }

        var targets = allMatch.Select(i => i.New).Concat(singleMatch.Select(i => i.New)).ToList();
        var tasksByParent = tasks.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!, StringComparer.Ordinal);
        var changed = changedIds.ToHashSet(StringComparer.Ordinal);
        var writes = new List<StatusWrite>();
        foreach (var parent in parents)
        {
            if (parent.ObjectTypeId is null || !validTypeIds.Contains(parent.ObjectTypeId))
            {
                continue;
            }

            var available = catalog.ForObjectType(parent.ObjectTypeId);
            var parentTasks = tasksByParent[parent.Id].ToList();
            if (!targets.Any(available.ContainsKey) || parentTasks.Count == 0)
            {
                continue;
            }

            var taskStatuses = parentTasks.Select(t => catalog.Find(t.StatusId)?.Name.ToLowerInvariant() ?? "").ToHashSet(StringComparer.Ordinal);
            var newStatus = allMatch.FirstOrDefault(i => taskStatuses.IsSubsetOf(i.Tasks)).New;
            if (newStatus is null)
            {
                var best = singleMatch.Count;
                foreach (var task in parentTasks.Where(t => changed.Contains(t.Id)))
                {
                    var name = catalog.Find(task.StatusId)?.Name.ToLowerInvariant();
                    var order = singleMatch.FindIndex(i => name is not null && i.Tasks.Contains(name));
                    if (order >= 0 && order < best)
                    {
                        best = order;
                    }
                }

                newStatus = best < singleMatch.Count ? singleMatch[best].New : null;
            }

            if (newStatus is null)
            {
                continue;
            }

            if (!available.TryGetValue(newStatus, out var status))
            {
                notes.Add($"\"{parent.Path}\": status \"{newStatus}\" is not available for {parent.EntityType}.");
                continue;
            }

            if (status.Id != parent.StatusId)
            {
                writes.Add(new StatusWrite(parent.EntityType, parent.Id, parent.Path, status.Id, status.Name));
            }
        }

        return new StatusDecision(writes, notes);
    }

    internal sealed class Handler(FtrackSession session, ProjectContexts projects, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            foreach (var byProject in request.Changes.GroupBy(c => c.ProjectId, StringComparer.Ordinal))
            {
                var (project, skipReason) = await AutomationProjects.OpenAsync(projects, byProject.Key, cancellationToken);
                var settings = project?.Typed.ServiceEventHandlers.StatusTaskToParent;
                if (project is null || settings is null || !settings.Enabled)
                {
                    Log.Skipped(logger, project?.ProjectName ?? byProject.Key, skipReason ?? "status_task_to_parent is disabled");
                    continue;
                }

                var parentIds = byProject.Select(c => c.ParentId).Distinct(StringComparer.Ordinal).ToList();
                var catalog = await projects.StatusCatalogAsync(project, cancellationToken);
                var rows = await FtrackBatch.QueryAsync(session,
                [
                    FtrackQuery.From(FtrackEntityTypes.ObjectType).Select("id", "name"),
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select(ContextRow.Projections).Where(FtrackFilter.In("id", parentIds)),
                    FtrackQuery.From(FtrackEntityTypes.Task).Select(ContextRow.Projections).Where(FtrackFilter.In("parent_id", parentIds)),
                ], cancellationToken);
                var decision = Decide(
                    settings,
                    [.. rows[0].Where(o => o.GetString("name") is not null).Select(o => new ObjectTypeName(o.Id, o.GetString("name")!))],
                    [.. rows[1].Select(ContextRow.From)],
                    [.. rows[2].Select(ContextRow.From)],
                    [.. byProject.Select(c => c.EntityId)],
                    catalog);
                await StatusWrites.ApplyAsync(
                    session, decision, note => Log.NotApplied(logger, project.ProjectName, note), write => Log.StatusSet(logger, write.Path, write.StatusName), cancellationToken);
            }

            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Task status to parent skipped for {Project}: {Reason}")]
        public static partial void Skipped(ILogger logger, string project, string reason);

        [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Task status to parent in {Project}: {Note}")]
        public static partial void NotApplied(ILogger logger, string project, string note);

        [LoggerMessage(EventId = 2502, Level = LogLevel.Information, Message = "\"{Path}\" status set to \"{Status}\" from its tasks")]
        public static partial void StatusSet(ILogger logger, string path, string status);
    }
}
