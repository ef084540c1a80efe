using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// Sets the status of a task's latest AssetVersions (the highest version number, every asset with that number,
/// after the asset type filter) when the task's status changes: the first name mapped to the task's status
/// (<c>status_task_to_version.mapping</c>) that the version workflow allows, else the task status's own name. Versions
/// that already carry the task's status name or the new status are left alone. Nothing happens without a mapping or
/// with an empty allow list (the defaults), so the handler is inert until configured.
/// Changes made by the service's own ftrack user, or by an unknown user, are skipped: this is what stops the loop
/// with <see cref="VersionToTaskStatus"/>, whose task writes come back as the service user's changes.
/// Python origin: <c>services/processor/processor/default_handlers/event_task_to_version_status.py</c> (P-19).
/// </summary>
public static partial class TaskToVersionStatus
{
    /// <summary>One Task whose status changed.</summary>
    public sealed record Change(string ProjectId, string TaskId);

    /// <summary>The changes and who made them (<c>source.user</c>; null when the event does not say).</summary>
    public sealed record Command(IReadOnlyList<Change> Changes, string? SourceUserId, string? SourceUsername) : ICommand;

    /// <summary>Tasks whose <c>statusid</c> changed from one status to another.</summary>
    public static Command? From(FtrackEvent e)
    {
        var changes = StatusChange.Of(e)
            .Where(c => c.IsTask && c.HasOldAndNew)
            .Select(c => new Change(c.ProjectId, c.EntityId))
            .Distinct()
            .ToList();
        return changes.Count > 0 ? new Command(changes, e.SourceUserId, e.SourceUsername) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Changes).NotEmpty();
            RuleForEach(c => c.Changes).Must(c => !string.IsNullOrWhiteSpace(c.ProjectId) && !string.IsNullOrWhiteSpace(c.TaskId))
                .WithMessage("Every task status change needs its project and task ids.");
        }
    }

    /// <summary>An AssetVersion of a changed task, with its asset's name and type (<c>short</c>).</summary>
    public sealed record VersionRow(string Id, string TaskId, int Version, string? AssetName, string? AssetTypeShort, string? StatusId);

    /// <summary>
    /// True when the change must be skipped because its author is unknown or is the service's own ftrack user (by id,
    /// or by username when the id of the service user is not known).
    /// </summary>
    internal static bool IsOwnOrUnknown(string? sourceUserId, string? sourceUsername, string? serviceUserId, string serviceUsername) =>
        string.IsNullOrEmpty(sourceUserId)
        || (serviceUserId is not null && sourceUserId == serviceUserId)
        || string.Equals(sourceUsername, serviceUsername, StringComparison.OrdinalIgnoreCase);

    /// <summary>The version status writes for the changed <paramref name="tasks"/> (current statuses) over their <paramref name="versions"/>.</summary>
    internal static StatusDecision Decide(StatusMappingSettings settings, IReadOnlyCollection<string> knownAssetTypes, IReadOnlyList<ContextRow> tasks, IReadOnlyList<VersionRow> versions, StatusCatalog catalog)
    {
        var mapping = settings.Mapping.GroupBy(m => m.Name.ToLowerInvariant(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var allowList = settings.AssetTypesFilterType == SettingsValues.AllowList;
        var listed = settings.AssetTypes.Where(a => a.Length > 0).Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (mapping.Count == 0 || (allowList && listed.Count == 0))
        {
            return StatusDecision.None;
        }

        var known = knownAssetTypes.Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (allowList && !listed.Overlaps(known))
        {
            return new StatusDecision([], [$"None of the asset types {string.Join(", ", listed.Select(a => $"\"{a}\""))} exists in ftrack."]);
        }

        var available = catalog.ForVersions();
        var writes = new List<StatusWrite>();
        var notes = new List<string>();
        var versionsByTask = versions
            .Where(v => listed.Contains(v.AssetTypeShort?.ToLowerInvariant() ?? "") == allowList)
            .ToLookup(v => v.TaskId, StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var taskVersions = versionsByTask[task.Id].ToList();
            if (taskVersions.Count == 0 || catalog.Find(task.StatusId) is not { } taskStatus)
            {
                continue;
            }

            var taskStatusName = taskStatus.Name.ToLowerInvariant();
            var candidates = (mapping.TryGetValue(taskStatusName, out var mapped) ? mapped : []).Select(n => n.ToLowerInvariant()).Append(taskStatusName);
            var status = candidates.Where(available.ContainsKey).Select(n => available[n]).FirstOrDefault();
            if (status is null)
            {
                notes.Add($"\"{task.Path}\": no AssetVersion status matches \"{taskStatus.Name}\".");
                continue;
            }

            var latest = taskVersions.Max(v => v.Version);
            foreach (var version in taskVersions.Where(v => v.Version == latest))
            {
                var current = catalog.Find(version.StatusId);
                if (version.StatusId == status.Id || string.Equals(current?.Name, taskStatus.Name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                writes.Add(new StatusWrite(FtrackEntityTypes.AssetVersion, version.Id, $"{task.Path} {version.AssetName} v{version.Version}", status.Id, status.Name));
            }
        }

        return new StatusDecision(writes, notes);
    }

    internal sealed class Handler(FtrackSession session, FtrackConnection connection, ProjectContexts projects, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var serviceUsername = connection.Required.ApiUser;
            if (IsOwnOrUnknown(request.SourceUserId, request.SourceUsername, null, serviceUsername))
            {
                Log.OwnChange(logger);
                return Unit.Value;
            }

            foreach (var byProject in request.Changes.GroupBy(c => c.ProjectId, StringComparer.Ordinal))
            {
                var (project, skipReason) = await AutomationProjects.OpenAsync(projects, byProject.Key, cancellationToken);
                var settings = project?.Typed.ServiceEventHandlers.StatusTaskToVersion;
                if (project is null || settings is null || !settings.Enabled)
                {
                    Log.Skipped(logger, project?.ProjectName ?? byProject.Key, skipReason ?? "status_task_to_version is disabled");
                    continue;
                }

                var taskIds = byProject.Select(c => c.TaskId).Distinct(StringComparer.Ordinal).ToList();
                var catalog = await projects.StatusCatalogAsync(project, cancellationToken);
                var rows = await FtrackBatch.QueryAsync(session,
                [
                    FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username").Where(FtrackFilter.Is("username", serviceUsername)),
                    FtrackQuery.From(FtrackEntityTypes.AssetType).Select("id", "short"),
                    FtrackQuery.From(FtrackEntityTypes.Task).Select(ContextRow.Projections).Where(FtrackFilter.In("id", taskIds)),
                    FtrackQuery.From(FtrackEntityTypes.AssetVersion)
                        .Select("id", "version", "task_id", "status_id", "asset.name", "asset.type.short")
                        .Where(FtrackFilter.In("task_id", taskIds)),
                ], cancellationToken);
                if (rows[0].Count > 0 && IsOwnOrUnknown(request.SourceUserId, request.SourceUsername, rows[0][0].Id, serviceUsername))
                {
                    Log.OwnChange(logger);
                    return Unit.Value;
                }

                var versions = rows[3]
                    .Where(v => v.GetString("task_id") is not null && v.GetInt32("version") is not null)
                    .Select(v => new VersionRow(v.Id, v.GetString("task_id")!, v.GetInt32("version")!.Value, v.GetEntity("asset")?.GetString("name"),
                        v.GetEntity("asset")?.GetEntity("type")?.GetString("short"), v.GetString("status_id")))
                    .ToList();
                var decision = Decide(settings, [.. rows[1].Select(a => a.GetString("short")).OfType<string>()], [.. rows[2].Select(ContextRow.From)], versions, catalog);
                await StatusWrites.ApplyAsync(
                    session, decision, note => Log.NotApplied(logger, project.ProjectName, note), write => Log.StatusSet(logger, write.Path, write.StatusName), cancellationToken);
            }

            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2530, Level = LogLevel.Debug, Message = "Task status to version skipped: the change was made by the service's own ftrack user or by an unknown user")]
        public static partial void OwnChange(ILogger logger);

        [LoggerMessage(EventId = 2531, Level = LogLevel.Debug, Message = "Task status to version skipped for {Project}: {Reason}")]
        public static partial void Skipped(ILogger logger, string project, string reason);

        [LoggerMessage(EventId = 2532, Level = LogLevel.Warning, Message = "Task status to version in {Project}: {Note}")]
        public static partial void NotApplied(ILogger logger, string project, string note);

        [LoggerMessage(EventId = 2533, Level = LogLevel.Information, Message = "\"{Path}\" status set to \"{Status}\" from its task")]
        public static partial void StatusSet(ILogger logger, string path, string status);
    }
}
