using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// Sets a task's status when the status of one of its AssetVersions changes: the first of the names mapped to the
/// version's new status (<c>status_version_to_task.mapping</c>) and then the version status's own name that the task's
/// type allows (the type's override workflow when the project schema has one, else the task workflow). Versions of
/// asset types outside the allow list (or inside the deny list, the default) are skipped. Unlike the original, a task
/// that already has the status is not written again, so a redelivered event changes nothing.
/// Python origin: <c>services/processor/processor/default_handlers/event_version_to_task_statuses.py</c> (P-21).
/// </summary>
public static partial class VersionToTaskStatus
{
    /// <summary>One AssetVersion whose status changed to <paramref name="NewStatusId"/>.</summary>
    public sealed record Change(string ProjectId, string VersionId, string NewStatusId);

    public sealed record Command(IReadOnlyList<Change> Changes) : ICommand;

    /// <summary>AssetVersions whose <c>statusid</c> changed to a status.</summary>
    public static Command? From(FtrackEvent e)
    {
        var changes = StatusChange.Of(e)
            .Where(c => c.IsVersion && c.NewStatusId is not null)
            .Select(c => new Change(c.ProjectId, c.EntityId, c.NewStatusId!))
            .Distinct()
            .ToList();
        return changes.Count > 0 ? new Command(changes) : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Changes).NotEmpty();
            RuleForEach(c => c.Changes).Must(c => !string.IsNullOrWhiteSpace(c.ProjectId) && !string.IsNullOrWhiteSpace(c.VersionId) && !string.IsNullOrWhiteSpace(c.NewStatusId))
                .WithMessage("Every version status change needs its project, version and new status ids.");
        }
    }

    /// <summary>A changed version with its asset type (<c>short</c>) and its task.</summary>
    public sealed record VersionRow(string VersionId, string NewStatusId, string? AssetTypeShort, ContextRow Task);

    /// <summary>The task status writes for the changed versions (the last version of a task in the event wins).</summary>
    internal static StatusDecision Decide(StatusMappingSettings settings, IReadOnlyList<VersionRow> versions, StatusCatalog catalog)
    {
        var mapping = settings.Mapping.GroupBy(m => m.Name.ToLowerInvariant(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var assetTypes = settings.AssetTypes.Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var allowList = settings.AssetTypesFilterType == SettingsValues.AllowList;
        var notes = new List<string>();
        var byTask = new Dictionary<string, StatusWrite?>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var listed = assetTypes.Contains(version.AssetTypeShort?.ToLowerInvariant() ?? "");
            if (allowList != listed || catalog.Find(version.NewStatusId) is not { } versionStatus)
            {
                continue;
            }

            var ownName = versionStatus.Name.ToLowerInvariant();
            var candidates = (mapping.TryGetValue(ownName, out var mapped) ? mapped : []).Select(n => n.ToLowerInvariant()).Append(ownName).ToList();
            var available = catalog.ForTaskType(version.Task.TypeId);
            var status = candidates.Where(available.ContainsKey).Select(n => available[n]).FirstOrDefault();
            if (status is null)
            {
                notes.Add($"\"{version.Task.Path}\": none of the statuses {string.Join(", ", candidates.Select(c => $"\"{c}\""))} is available for the task's type.");
                byTask.Remove(version.Task.Id);
                continue;
            }

            byTask[version.Task.Id] = status.Id == version.Task.StatusId
                ? null
                : new StatusWrite(version.Task.EntityType, version.Task.Id, version.Task.Path, status.Id, status.Name);
        }

        return new StatusDecision([.. byTask.Values.OfType<StatusWrite>()], notes);
    }

    internal sealed class Handler(FtrackSession session, ProjectContexts projects, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            foreach (var byProject in request.Changes.GroupBy(c => c.ProjectId, StringComparer.Ordinal))
            {
                var (project, skipReason) = await AutomationProjects.OpenAsync(projects, byProject.Key, cancellationToken);
                var settings = project?.Typed.ServiceEventHandlers.StatusVersionToTask;
                if (project is null || settings is null || !settings.Enabled)
                {
                    Log.Skipped(logger, project?.ProjectName ?? byProject.Key, skipReason ?? "status_version_to_task is disabled");
                    continue;
                }

                var versionIds = byProject.Select(c => c.VersionId).Distinct(StringComparer.Ordinal).ToList();
                var catalog = await projects.StatusCatalogAsync(project, cancellationToken);
                var rows = await FtrackBatch.QueryAsync(session,
                [
                    FtrackQuery.From(FtrackEntityTypes.AssetVersion)
                        .Select(["id", "task_id", "asset.type.short", .. ContextRow.Projections.Select(p => "task." + p)])
                        .Where(FtrackFilter.In("id", versionIds).And(FtrackFilter.IsNot("task_id", null))),
                ], cancellationToken);
                var versionsById = rows[0].ToDictionary(v => v.Id, StringComparer.Ordinal);
                var versions = new List<VersionRow>();
                foreach (var change in byProject)
                {
                    if (versionsById.TryGetValue(change.VersionId, out var version) && version.GetEntity("task") is { } task)
                    {
                        versions.Add(new VersionRow(change.VersionId, change.NewStatusId, version.GetEntity("asset")?.GetEntity("type")?.GetString("short"), ContextRow.From(task)));
                    }
                }

                var decision = Decide(settings, versions, catalog);
                await StatusWrites.ApplyAsync(
                    session, decision, note => Log.NotApplied(logger, project.ProjectName, note), write => Log.StatusSet(logger, write.Path, write.StatusName), cancellationToken);
            }

            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2510, Level = LogLevel.Debug, Message = "Version status to task skipped for {Project}: {Reason}")]
        public static partial void Skipped(ILogger logger, string project, string reason);

        [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Version status to task in {Project}: {Note}")]
        public static partial void NotApplied(ILogger logger, string project, string note);

        [LoggerMessage(EventId = 2512, Level = LogLevel.Information, Message = "\"{Path}\" status set to \"{Status}\" from its version")]
        public static partial void StatusSet(ILogger logger, string path, string status);
    }
}
