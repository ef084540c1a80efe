using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// When a Task's status changes to one whose state is Done, moves the next task(s) under the same parent on
/// (<c>next_task_update.mapping</c>, by default Not Ready → Ready). Tasks are ordered by their type's <c>sort</c>:
/// with type sorting (the default), once every task of the changed task's type is Done (ignored statuses do not
/// count) the next type group that is not all Done is the target; with <c>name_sorting</c>, tasks are ordered by type
/// and then name, and the first task after each changed task that has no ignored status is the target. A target that
/// is Done or ignored, has no mapping, or whose type does not allow the mapped status is left alone.
/// Fix against the original (§7): the targets of every parent in the event are applied, not only the last parent's.
/// Python origin: <c>services/processor/processor/default_handlers/event_next_task_update.py</c> (P-14).
/// </summary>
public static partial class NextTaskUpdate
{
    /// <summary>One Task whose status changed to <paramref name="NewStatusId"/>.</summary>
    public sealed record Change(string ProjectId, string TaskId, string ParentId, string NewStatusId);

    public sealed record Command(IReadOnlyList<Change> Changes) : ICommand;

    /// <summary>Tasks whose <c>statusid</c> changed from one status to another.</summary>
    public static Command? From(FtrackEvent e)
    {
        var changes = StatusChange.Of(e)
            .Where(c => c.IsTask && c.HasOldAndNew && c.ParentId is not null)
            .Select(c => new Change(c.ProjectId, c.EntityId, c.ParentId!, c.NewStatusId!))
            .Distinct()
            .ToList();
        return changes.Count > 0 ? new Command(changes) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Changes).NotEmpty();
            RuleForEach(c => c.Changes).Must(c => !string.IsNullOrWhiteSpace(c.ProjectId) && !string.IsNullOrWhiteSpace(c.TaskId)
                    && !string.IsNullOrWhiteSpace(c.ParentId) && !string.IsNullOrWhiteSpace(c.NewStatusId))
                .WithMessage("Every task status change needs its project, task, parent and new status ids.");
        }
    }

    /// <summary>A task type with its sort order (types without one take no part, as in the original).</summary>
    public sealed record TaskType(string Id, string Name, int? Sort);

    /// <summary>The status writes on the next tasks of every parent named by a change to a Done status.</summary>
    internal static StatusDecision Decide(NextTaskUpdateSettings settings, IReadOnlyList<TaskType> types, IReadOnlyList<ContextRow> tasks, IReadOnlyList<Change> changes, StatusCatalog catalog)
    {
        var ignored = settings.IgnoredStatuses.Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in settings.Mapping)
        {
            mapping.TryAdd(item.Name.ToLowerInvariant(), item.Value.ToLowerInvariant());
        }

        var sortedTypes = types.Where(t => t.Sort is not null).OrderBy(t => t.Sort).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Id).ToList();
        var done = changes.Where(c => catalog.Find(c.NewStatusId)?.IsDone == true).ToList();
        var tasksByParent = tasks.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!, StringComparer.Ordinal);
        var targets = new List<ContextRow>();
        foreach (var parent in done.GroupBy(c => c.ParentId, StringComparer.Ordinal))
        {
            var eventIds = parent.Select(c => c.TaskId).ToHashSet(StringComparer.Ordinal);
            var byType = tasksByParent[parent.Key].Where(t => t.TypeId is not null).ToLookup(t => t.TypeId!, StringComparer.Ordinal);
            targets.AddRange(settings.NameSorting
                ? NextByName([.. sortedTypes.SelectMany(type => byType[type].OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal))], eventIds, catalog, ignored)
                : NextByType([.. sortedTypes.Where(byType.Contains).Select(type => byType[type].ToList())], eventIds, catalog, ignored));
        }

        var notes = new List<string>();
        var writes = new List<StatusWrite>();
        foreach (var task in targets.DistinctBy(t => t.Id))
        {
            if (catalog.Find(task.StatusId) is not { } current || current.IsDone || ignored.Contains(current.Name.ToLowerInvariant()))
            {
                continue;
            }

            if (!mapping.TryGetValue(current.Name.ToLowerInvariant(), out var next))
            {
                continue;
            }

            if (!catalog.ForTaskType(task.TypeId).TryGetValue(next, out var status))
            {
                notes.Add($"\"{task.Path}\": status \"{next}\" is not available for the task's type.");
                continue;
            }

            if (status.Id != task.StatusId)
            {
                writes.Add(new StatusWrite(task.EntityType, task.Id, task.Path, status.Id, status.Name));
            }
        }

        return new StatusDecision(writes, notes);
    }

    private static bool AllDone(IEnumerable<ContextRow> tasks, StatusCatalog catalog, IReadOnlySet<string> ignored) =>
        tasks.All(t => catalog.Find(t.StatusId) is { } s && (ignored.Contains(s.Name.ToLowerInvariant()) || s.IsDone));

    private static bool IsIgnored(ContextRow task, StatusCatalog catalog, IReadOnlySet<string> ignored) =>
        catalog.Find(task.StatusId) is { } s && ignored.Contains(s.Name.ToLowerInvariant());

    /// <summary>Name sorting: the first task after each changed task that has no ignored status.</summary>
    private static List<ContextRow> NextByName(IReadOnlyList<ContextRow> ordered, HashSet<string> eventIds, StatusCatalog catalog, IReadOnlySet<string> ignored)
    {
        var next = new List<ContextRow>();
        var useNext = false;
        foreach (var task in ordered)
        {
            if (eventIds.Remove(task.Id))
            {
                useNext = true;
                continue;
            }

            if (!useNext || IsIgnored(task, catalog, ignored))
            {
                continue;
            }

            next.Add(task);
            useNext = false;
            if (eventIds.Count == 0)
            {
                break;
            }
        }

        return next;
    }

    /// <summary>Type sorting: after a group holding a changed task whose tasks are all Done, the next group that is not all Done.</summary>
    private static List<ContextRow> NextByType(IReadOnlyList<List<ContextRow>> groups, HashSet<string> eventIds, StatusCatalog catalog, IReadOnlySet<string> ignored)
    {
        var next = new List<ContextRow>();
        var useNext = false;
        foreach (var group in groups)
        {
            var holdsChange = false;
            foreach (var task in group)
            {
                holdsChange |= eventIds.Remove(task.Id);
            }

            if (useNext)
            {
                if (AllDone(group, catalog, ignored))
                {
                    continue;
                }

                next.AddRange(group);
                useNext = false;
                if (eventIds.Count == 0)
                {
                    break;
                }
            }

            if (!holdsChange)
            {
                continue;
            }

            useNext = AllDone(group, catalog, ignored);
            if (!useNext && eventIds.Count == 0)
            {
                break;
            }
        }

        return next;
    }

    internal sealed class Handler(FtrackSession session, ProjectContexts projects, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            foreach (var byProject in request.Changes.GroupBy(c => c.ProjectId, StringComparer.Ordinal))
            {
                var (project, skipReason) = await AutomationProjects.OpenAsync(projects, byProject.Key, cancellationToken);
                var settings = project?.Typed.ServiceEventHandlers.NextTaskUpdate;
                if (project is null || settings is null || !settings.Enabled)
                {
                    Log.Skipped(logger, project?.ProjectName ?? byProject.Key, skipReason ?? "next_task_update is disabled");
                    continue;
                }

                var parentIds = byProject.Select(c => c.ParentId).Distinct(StringComparer.Ordinal).ToList();
                var catalog = await projects.StatusCatalogAsync(project, cancellationToken);
                var rows = await FtrackBatch.QueryAsync(session,
                [
                    FtrackQuery.From(FtrackEntityTypes.Type).Select("id", "name", "sort"),
                    FtrackQuery.From(FtrackEntityTypes.Task).Select(ContextRow.Projections).Where(FtrackFilter.In("parent_id", parentIds)),
                ], cancellationToken);
                var decision = Decide(
                    settings,
                    [.. rows[0].Select(t => new TaskType(t.Id, t.GetString("name") ?? "", t.GetInt32("sort")))],
                    [.. rows[1].Select(ContextRow.From)],
                    [.. byProject],
                    catalog);
                await StatusWrites.ApplyAsync(
                    session, decision, note => Log.NotApplied(logger, project.ProjectName, note), write => Log.StatusSet(logger, write.Path, write.StatusName), cancellationToken);
            }

            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2520, Level = LogLevel.Debug, Message = "Next task update skipped for {Project}: {Reason}")]
        public static partial void Skipped(ILogger logger, string project, string reason);

        [LoggerMessage(EventId = 2521, Level = LogLevel.Warning, Message = "Next task update in {Project}: {Note}")]
        public static partial void NotApplied(ILogger logger, string project, string note);

        [LoggerMessage(EventId = 2522, Level = LogLevel.Information, Message = "\"{Path}\" status set to \"{Status}\" after the task before it was done")]
        public static partial void StatusSet(ILogger logger, string path, string status);
    }
}
