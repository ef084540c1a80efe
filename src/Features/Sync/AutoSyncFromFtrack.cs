using System.Diagnostics;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The incremental ftrack → AYON sync of one <c>ftrack.update</c> event (P-16), as the original's one handler runs it.
/// First the auto-sync toggle: an event that turns the project's <c>auto_sync_enabled</c> on runs the full project sync
/// (<see cref="ProjectSync"/>; the original triggers its "Sync to AYON" action) when ftrack is enabled for the project in
/// AYON's settings, and an event that turns it on or off syncs nothing else. Otherwise the state of both sides is read once (the event's contexts, their ancestors, siblings and renamed folders' descendants, and the
/// AYON entities linked to them), one plan of the full-sync rules is made over it, cut into the original's steps
/// (<see cref="SyncSteps"/>), and the steps are applied in order: folder renames/moves (parents first, descendants'
/// paths follow), removals (deepest first, under <see cref="SyncOptions.RemovedEntityPolicy"/>, a same-name live
/// sibling keeps the AYON entity), creations (missing parents first, same-name entities reused, an <c>ayon_id</c> of an
/// entity AYON deleted not resurrected), task renames/moves, attributes (type, status, dates, description, mapped custom
/// attributes; of the project too), AssetVersions (<see cref="VersionSync"/>), assignees, folder links
/// (<see cref="LinkSync"/>), then the touched lists (<see cref="ListSync.ApplyChangesAsync"/>). AYON writes carry <c>x-sender-type: ftrack</c>; only differences are written, so a replay
/// writes nothing. A step that refuses entities does not hold back the others: the job fails afterwards naming the step;
/// a step that fails to write stops the event and the job's failure names it.
/// Fixes against the original (§7): the new value is written, never the old one; a link's <c>from</c> end is read from
/// the link's <c>from_id</c>.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16: the auto-sync
/// toggle of <c>launch</c>, then <c>process_event_data</c>'s steps 1–5 and the ftrack back-writes).
/// </summary>
public static partial class AutoSyncFromFtrack
{
    public sealed record Command(string ProjectId, SyncChanges Changes) : ICommand;

    /// <summary>The event's auto-sync toggle, context, assignment, AssetVersion, project-attribute, link and list changes of its first project.</summary>
    public static Command? From(FtrackEvent e) =>
        SyncChanges.Of(FtrackUpdate.Changes(e)) is { } found ? new Command(found.ProjectId, found.Changes) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.Changes).Must(c => !c.IsEmpty).WithMessage("The event asks nothing of the sync.");
            RuleFor(c => c.Changes).Must(c => c.FolderMoves.Concat(c.Removals).Concat(c.Creations).Concat(c.TaskMoves).Concat(c.Attributes).Concat(c.Assignees)
                .All(e => !string.IsNullOrWhiteSpace(e.FtrackId))).WithMessage("Every changed entity needs its ftrack id.");
            RuleForEach(c => c.Changes.Links).Must(l => !string.IsNullOrWhiteSpace(l.FromId) && !string.IsNullOrWhiteSpace(l.ToId)).WithMessage("Every link change needs both ends.");
            RuleForEach(c => c.Changes.Lists).NotEmpty().WithMessage("Every list change needs its list id.");
        }
    }

    internal sealed partial class Handler(
        FtrackSession session,
        IAyonApi ayon,
        IOptions<AyonOptions> ayonOptions,
        IOptions<SyncOptions> options,
        ProjectContexts projects,
        EventContext context,
        ILoggerFactory loggers,
        ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            // The toggle first: turned on, the whole project is synchronised; on or off, nothing else of the event is.
            if (request.Changes.AutoSync is { } turnedOn)
            {
                await ToggledAsync(request.ProjectId, turnedOn, cancellationToken);
                return Unit.Value;
            }

            // Load once (lists alone need only the AYON project: they read their members themselves).
            var scope = context.FtrackEvent is { } e ? SyncEventScope.Build(FtrackUpdate.Changes(e), request.ProjectId) : SyncEventScope.Of(request.ProjectId, request.Changes);
            var loaded = await IncrementalSnapshots.LoadFtrackAsync(session, scope, cancellationToken);
            var ayonState = loaded.Ftrack is not { } read ? null
                : SyncSteps.NeedEntities(request.Changes) ? await IncrementalSnapshots.LoadAyonAsync(ayon, read, scope, cancellationToken)
                : await ProjectAloneAsync(read.FullName, cancellationToken);
            if (loaded.Ftrack is not { } ftrack || ayonState is null)
            {
                Log.Skipped(logger, loaded.Ftrack?.FullName ?? request.ProjectId, loaded.SkipReason ?? "the AYON project does not exist");
                return Unit.Value;
            }

            var settings = (await projects.ForKnownProjectAsync(ftrack.ProjectId, ftrack.FullName, ftrack.Code, loaded.ProjectSchemaId, cancellationToken)).Typed;
            if (!settings.Enabled)
            {
                Log.Skipped(logger, ftrack.FullName, "ftrack is disabled for the project");
                return Unit.Value;
            }

            // Decide once: one plan per event.
            var mapping = AttributeRules.BuildMapping(ftrack, ayonState.Attributes, settings.CustomAttributes.AttributesMapping);
            var plan = SyncSteps.NeedPlan(request.Changes) ? ProjectSyncPlanner.Plan(ftrack, ayonState, mapping) : null;
            Activity.Current?.SetTag("sync.plans", plan is null ? 0 : 1);
            var steps = SyncSteps.Decide(request.ProjectId, request.Changes, plan, ftrack, ayonState, options.Value.RemovedEntityPolicy);

            // Apply in the original's order.
            var statuses = ayonState.Project.Statuses;
            var createdFolders = new Dictionary<string, string>(StringComparer.Ordinal);
            var refusals = new List<string>();
            foreach (var step in steps)
            {
                try
                {
                    statuses = step.ProjectPatch?.Statuses ?? statuses;
                    var writes = step.Kind switch
                    {
                        ChangeKind.Versions => await VersionSync.ApplyAsync(
                            session, ayon, ftrack, statuses, mapping, ayonState.Attributes, request.Changes.Versions, null, options.Value, cancellationToken),
                        ChangeKind.Links => await LinksAsync(ftrack, ayonState, settings.ServiceEventHandlers.SyncFromFtrack.SyncLinkType, createdFolders, request.Changes.Links, cancellationToken),
                        ChangeKind.Lists => await ListsAsync(ftrack, request.Changes.Lists, cancellationToken),
                        _ => await WriteAsync(ftrack.FullName, step, cancellationToken),
                    };
                    Log.Applied(logger, step.Kind, ftrack.FullName, writes, step.BackWrites.Count);
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new SyncException($"Sync of {ftrack.FullName}, step {step.Kind}: {failure.Message}", failure);
                }

                Note(ftrack.FullName, step, createdFolders);
                if (step.Refusal is { } refusal)
                {
                    refusals.Add($"step {step.Kind}: {refusal}");
                }
            }

            return refusals.Count == 0 ? Unit.Value : throw new SyncException($"Sync of {ftrack.FullName}: {string.Join(" ", refusals)}");
        }

        private async Task ToggledAsync(string projectId, bool turnedOn, CancellationToken cancellationToken)
        {
            if (!turnedOn)
            {
                Log.Skipped(logger, projectId, "auto-sync was turned off");
                return;
            }

            // As the original's project validation before it triggers the sync: ftrack must be enabled for the project in
            // AYON's settings (the project's, or the studio's while AYON has no such project).
            var project = await projects.ForProjectAsync(projectId, cancellationToken);
            if (project is null)
            {
                Log.ProjectMissing(logger, projectId);
                return;
            }

            if (!project.Enabled)
            {
                Log.Skipped(logger, project.ProjectName, "auto-sync was turned on, but ftrack is disabled for the project in AYON's settings");
                return;
            }

            Log.Toggled(logger, project.ProjectName);
            await new ProjectSync(session, ayon, ayonOptions, options, loggers.CreateLogger<ProjectSync>()).RunAsync(project.ProjectName, cancellationToken);
        }

        // The AYON project alone (null when it does not exist), for events that touch nothing but lists.
        private async Task<AyonProjectState?> ProjectAloneAsync(string project, CancellationToken cancellationToken)
        {
            var response = await ayon.GetProjectAsync(project, cancellationToken);
            return response.IsSuccessStatusCode && response.Content is { } found ? new AyonProjectState(found, [], [], [], []) : null;
        }

        private async Task<int> ListsAsync(FtrackProjectState ftrack, IReadOnlyList<string> listIds, CancellationToken cancellationToken)
        {
            var (writes, report, reverted) = await ListSync.ApplyChangesAsync(session, ayon, ftrack, listIds, options.Value.FtrackWriteChunk, cancellationToken);
            foreach (var line in report)
            {
                Log.ListNotSynced(logger, ftrack.FullName, line);
            }

            foreach (var (list, ayonType) in reverted)
            {
                Log.ListTypeReverted(logger, ftrack.FullName, list.Name, list.AyonEntityType!, ayonType);
            }

            return writes;
        }

        private async Task<int> WriteAsync(string project, SyncStepPlan step, CancellationToken cancellationToken)
        {
            if (step.ProjectPatch is not null)
            {
                await ayon.PatchProjectAsync(project, step.ProjectPatch, cancellationToken);
            }

            foreach (var chunk in step.Operations.Chunk(options.Value.AyonOperationChunk))
            {
                (await ayon.PostOperationsAsync(project, new OperationsRequest { Operations = chunk }, cancellationToken)).EnsureSuccess(project);
            }

            await ProjectSync.WriteBackAsync(session, step.BackWrites, options.Value.FtrackWriteChunk, cancellationToken);
            return step.Operations.Count;
        }

        // Skipped when the link type setting is "< Skip >" or the type is not a folder → folder type of the project.
        private async Task<int> LinksAsync(
            FtrackProjectState ftrack, AyonProjectState state, string setting, Dictionary<string, string> createdFolders, IReadOnlyList<LinkChange> links, CancellationToken cancellationToken)
        {
            if (!LinkSync.Wanted(setting))
            {
                Log.Skipped(logger, ftrack.FullName, "link sync is set to skip");
                return 0;
            }

            if (LinkSync.FolderLinkType(state.Project, setting) is not { } linkType)
            {
                Log.LinkTypeMissing(logger, ftrack.FullName, setting);
                return 0;
            }

            return await LinkSync.ApplyAsync(ayon, ftrack.FullName, linkType, links, LinkSync.FolderIds(state, createdFolders), cancellationToken);
        }

        private void Note(string project, SyncStepPlan step, Dictionary<string, string> createdFolders)
        {
            foreach (var gone in step.Gone)
            {
                Log.Gone(logger, step.Kind, project, gone);
            }

            foreach (var deleted in step.DeletedInAyon)
            {
                Log.DeletedInAyon(logger, project, deleted);
            }

            foreach (var (replacing, ayonId) in step.Replaced)
            {
                Log.Replaced(logger, project, ayonId, replacing);
            }

            foreach (var op in step.Operations.Where(o => o.EntityType == AyonEntityTypes.Folder && o.EntityId is not null))
            {
                if (op.Data?["attrib"]?[SyncConventions.FtrackIdAttribute]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                {
                    createdFolders[op.Data["attrib"]![SyncConventions.FtrackIdAttribute]!.GetValue<string>()] = op.EntityId!;
                }
            }
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Incremental sync {Step} of {Project}: {Writes} AYON writes, {FtrackWrites} ftrack writes")]
            public static partial void Applied(ILogger logger, ChangeKind step, string project, int writes, int ftrackWrites);

            [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Incremental sync skipped for {Project}: {Reason}")]
            public static partial void Skipped(ILogger logger, string project, string reason);

            [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Incremental sync of {Project}: ftrack entity {FtrackId} is not created in AYON: its AYON entity was deleted there since it was pushed to ftrack")]
            public static partial void DeletedInAyon(ILogger logger, string project, string ftrackId);

            [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Incremental sync {Step} of {Project}: ftrack entity {FtrackId} no longer exists, nothing to do for it")]
            public static partial void Gone(ILogger logger, ChangeKind step, string project, string ftrackId);

            [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Incremental sync of {Project}: AYON entity {AyonId} of a removed ftrack entity is kept for ftrack entity {FtrackId}, which has its name")]
            public static partial void Replaced(ILogger logger, string project, string ayonId, string ftrackId);

            [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Auto-sync turned on for {Project}; running the full sync")]
            public static partial void Toggled(ILogger logger, string project);

            [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Auto-sync toggled on ftrack project {ProjectId}, which does not exist any more")]
            public static partial void ProjectMissing(ILogger logger, string projectId);

            [LoggerMessage(EventId = 2080, Level = LogLevel.Information, Message = "List sync of {Project} skipped: {Reason}")]
            public static partial void ListNotSynced(ILogger logger, string project, string reason);

            [LoggerMessage(EventId = 2082, Level = LogLevel.Warning, Message = "List sync of {Project}: ftrack list '{List}' was set to hold {Requested} entities; AYON lists cannot change type, so it is set back to {Kept}")]
            public static partial void ListTypeReverted(ILogger logger, string project, string list, string requested, string kept);

            [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Incremental link sync skipped for {Project}: link type '{LinkType}' (folder → folder) does not exist on the AYON project")]
            public static partial void LinkTypeMissing(ILogger logger, string project, string linkType);
        }
    }
}
