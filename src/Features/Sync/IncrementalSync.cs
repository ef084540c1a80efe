using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Runs one change kind of the incremental sync (P-16) for a project: reads the current state of both sides by
/// stable ids, narrows the plan to the change, writes only differences (AYON writes carry the processor's
/// <c>x-sender-type: ftrack</c>). Skips projects without auto-sync, or without an AYON project. The change slices of
/// one event share the event's <see cref="SyncEventState"/> (through the <see cref="EventContext"/>): the state is read
/// once per event and planned once per state of the two sides. Scoped (it uses the slice's clients).
/// </summary>
public sealed partial class IncrementalSync(
    FtrackSession session, IAyonApi ayon, IOptions<SyncOptions> options, ProjectContexts projects, EventContext context, ILogger<IncrementalSync> logger)
{
    /// <summary>
    /// Applies <paramref name="kind"/> for <paramref name="entities"/>; returns the number of AYON operations written.
    /// In an event, only the event's entities are read, once for all slices of the event; outside one, the whole project.
    /// </summary>
    public async Task<int> ApplyAsync(string ftrackProjectId, ChangeKind kind, IReadOnlyList<ChangedEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        IReadOnlyList<(string FtrackId, int Depth)> ftrackIds = [.. entities.Select(e => (e.FtrackId, e.Depth))];
        var state = SyncEventState.For(context, ftrackProjectId);
        if (state.Scope is null)
        {
            var whole = await LoadAsync(ftrackProjectId, cancellationToken);
            if (whole is null)
            {
                return 0;
            }

            var (ftrack, ayonState, mapping) = whole.Value;
            ProjectSyncPlan? plan = null;
            return (await ApplyAsync(ftrack, ayonState, () => plan ??= ProjectSyncPlanner.Plan(ftrack, ayonState, mapping), kind, ftrackIds, cancellationToken)).Operations;
        }

        return await WithEventStateAsync(state, async snapshot =>
        {
            var written = await ApplyAsync(snapshot.Ftrack!, snapshot.Ayon!, snapshot.Plan, kind, ftrackIds, cancellationToken);
            if (written.Operations > 0 || written.ProjectPatched)
            {
                snapshot.Ayon = null;
            }

            if (written.BackWrites.Count > 0)
            {
                snapshot.Ftrack = IncrementalSnapshots.WithValues(snapshot.Ftrack!, written.BackWrites);
            }

            return written.Operations;
        }, cancellationToken);
    }

    /// <summary>
    /// Adds or removes the AYON folder links of <paramref name="changes"/> (P-16 step 4) with the event's shared state;
    /// skipped when the link type setting is <c>&lt; Skip &gt;</c> or the type is not a folder → folder type of the project.
    /// </summary>
    public async Task<int> ApplyLinksAsync(string ftrackProjectId, IReadOnlyList<LinkChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var state = SyncEventState.For(context, ftrackProjectId);
        return await WithEventStateAsync(state, async snapshot =>
        {
            var ftrack = snapshot.Ftrack!;
            var setting = snapshot.Settings!.ServiceEventHandlers.SyncFromFtrack.SyncLinkType;
            if (!LinkSync.Wanted(setting))
            {
                Log.Skipped(logger, ftrack.FullName, "link sync is set to skip");
                return 0;
            }

            if (LinkSync.FolderLinkType(snapshot.Ayon!.Project, setting) is not { } linkType)
            {
                Log.LinkTypeMissing(logger, ftrack.FullName, setting);
                return 0;
            }

            var writes = await LinkSync.ApplyAsync(ayon, ftrack.FullName, linkType, changes, snapshot.Ayon, cancellationToken);
            Log.LinksApplied(logger, ftrack.FullName, writes);
            return writes;
        }, cancellationToken, new SyncEventScope(ftrackProjectId, [.. changes.SelectMany(c => new[] { c.FromId, c.ToId }).Distinct(StringComparer.Ordinal)], [], [], []));
    }

    /// <summary>
    /// Brings the AYON versions of the updated AssetVersions <paramref name="versionIds"/> to their status and mapped
    /// attributes (<see cref="VersionSync"/>) with the event's shared state; returns the AYON writes.
    /// </summary>
    public async Task<int> ApplyVersionsAsync(string ftrackProjectId, IReadOnlyList<string> versionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versionIds);
        var state = SyncEventState.For(context, ftrackProjectId);
        return await WithEventStateAsync(state, async snapshot =>
        {
            var ftrack = snapshot.Ftrack!;
            var writes = await VersionSync.ApplyAsync(session, ayon, ftrack, snapshot.Ayon!.Project.Statuses, snapshot.Mapping(), snapshot.Ayon.Attributes, versionIds, null, options.Value, cancellationToken);
            if (writes > 0)
            {
                snapshot.Ayon = null;
            }

            Log.VersionsApplied(logger, ftrack.FullName, versionIds.Count, writes);
            return writes;
        }, cancellationToken, new SyncEventScope(ftrackProjectId, [], [], [], []));
    }

    /// <summary>
    /// Runs <paramref name="apply"/> on the event's shared state (read once per event; the slices of one event run one
    /// at a time); 0 when the event is not synchronised. A failure drops the kept state, so nothing half-applied is
    /// reused. Outside an event, <paramref name="standalone"/> says what to read.
    /// </summary>
    private async Task<int> WithEventStateAsync(SyncEventState state, Func<IncrementalSnapshot, Task<int>> apply, CancellationToken cancellationToken, SyncEventScope? standalone = null)
    {
        var scope = state.Scope ?? standalone ?? throw new InvalidOperationException("The incremental sync has no event scope.");
        try
        {
            var snapshot = state.Snapshot ??= await LoadFtrackAsync(scope, cancellationToken);
            return await LoadAsync(snapshot, scope, cancellationToken) ? await apply(snapshot) : 0;
        }
        catch
        {
            state.Snapshot = null;
            throw;
        }
    }

    private Task<IncrementalSnapshot> LoadFtrackAsync(SyncEventScope scope, CancellationToken cancellationToken) =>
        IncrementalSnapshots.LoadFtrackAsync(session, scope, cancellationToken);

    private async Task<bool> LoadAsync(IncrementalSnapshot snapshot, SyncEventScope scope, CancellationToken cancellationToken)
    {
        if (snapshot.SkipReason is null && snapshot.Ayon is null)
        {
            snapshot.Ayon = await IncrementalSnapshots.LoadAyonAsync(ayon, snapshot.Ftrack!, scope, cancellationToken);
            if (snapshot.Ayon is null)
            {
                snapshot.SkipReason = "the AYON project does not exist";
            }
        }

        if (snapshot.SkipReason is null && snapshot.Settings is null)
        {
            var ftrack = snapshot.Ftrack!;
            snapshot.Settings = (await projects.ForKnownProjectAsync(ftrack.ProjectId, ftrack.FullName, ftrack.Code, snapshot.ProjectSchemaId, cancellationToken)).Typed;
            if (!snapshot.Settings.Enabled)
            {
                snapshot.SkipReason = "ftrack is disabled for the project";
            }
        }

        if (snapshot.SkipReason is { } reason)
        {
            Log.Skipped(logger, snapshot.Ftrack?.FullName ?? scope.ProjectId, reason);
            return false;
        }

        return true;
    }

    private async Task<(int Operations, bool ProjectPatched, IReadOnlyList<FtrackBackWrite> BackWrites)> ApplyAsync(
        FtrackProjectState ftrack,
        AyonProjectState state,
        Func<ProjectSyncPlan> planOf,
        ChangeKind kind,
        IReadOnlyList<(string FtrackId, int Depth)> ftrackIds,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<OperationModel> operations;
        IReadOnlyList<FtrackBackWrite> backWrites = [];
        ProjectPatch? projectPatch = null;
        IEnumerable<string> refusals = [];
        if (kind == ChangeKind.Removal)
        {
            var withProducts = state.Folders.Where(f => f.HasProducts).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            var plan = planOf();
            var replacements = IncrementalDecide.Replacements(ftrackIds, ftrack, state, plan);
            foreach (var (replacing, ayonId) in replacements.AyonIds)
            {
                Log.Replaced(logger, ftrack.FullName, ayonId, replacing);
            }

            operations = [
                .. replacements.Operations,
                .. IncrementalDecide.Removals(
                    ftrackIds, state, ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), withProducts, options.Value.RemovedEntityPolicy,
                    replacements.AyonIds.Values.ToHashSet(StringComparer.Ordinal)),
            ];
            backWrites = replacements.BackWrites;
            // A kept entity takes its new counterpart's status, which the AYON project may lack yet.
            projectPatch = replacements.Operations.Count > 0 ? plan.ProjectPatch : null;
        }
        else
        {
            var live = ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (gone, _) in ftrackIds.Where(i => !live.Contains(i.FtrackId)))
            {
                Log.Gone(logger, kind, ftrack.FullName, gone);
            }

            var plan = IncrementalDecide.Scope(planOf(), ftrack, state, kind, [.. ftrackIds.Select(i => i.FtrackId)]);
            operations = plan.Operations;
            backWrites = plan.BackWrites;
            projectPatch = plan.ProjectPatch;
            refusals = plan.Refusals.Values;
            foreach (var deleted in plan.DeletedInAyon)
            {
                Log.DeletedInAyon(logger, ftrack.FullName, deleted);
            }
        }

        if (projectPatch is not null)
        {
            await ayon.PatchProjectAsync(ftrack.FullName, projectPatch, cancellationToken);
        }

        foreach (var chunk in operations.Chunk(options.Value.AyonOperationChunk))
        {
            (await ayon.PostOperationsAsync(ftrack.FullName, new OperationsRequest { Operations = chunk }, cancellationToken)).EnsureSuccess(ftrack.FullName);
        }

        await ProjectSync.WriteBackAsync(session, backWrites, options.Value.FtrackWriteChunk, cancellationToken);
        Log.Applied(logger, kind, ftrack.FullName, operations.Count, backWrites.Count);
        if (string.Join("; ", refusals) is { Length: > 0 } reasons)
        {
            throw new SyncException($"ftrack entities not created in AYON: {reasons}.");
        }

        return (operations.Count, projectPatch is not null, backWrites);
    }

    private async Task<(FtrackProjectState, AyonProjectState, IReadOnlyDictionary<string, AttributeMappingEntry>)?> LoadAsync(string ftrackProjectId, CancellationToken cancellationToken)
    {
        var project = await session.QueryFirstAsync(
            FtrackQuery.From("Project").Select("id", "full_name", "project_schema_id").Where(FtrackFilter.Is("id", ftrackProjectId)), cancellationToken);
        if (project?.GetString("full_name") is not { } fullName)
        {
            Log.Skipped(logger, ftrackProjectId, "the ftrack project does not exist");
            return null;
        }

        var ftrack = await ProjectSnapshots.LoadFtrackAsync(session, fullName, cancellationToken);
        if (ftrack is null)
        {
            Log.Skipped(logger, ftrackProjectId, "the ftrack project does not exist");
            return null;
        }

        if (!IsTrue(ftrack.StoredValue(FtrackCustomAttributeKeys.AutoSyncEnabled, ftrack.ProjectId)))
        {
            Log.Skipped(logger, fullName, "auto-sync is off");
            return null;
        }

        var state = await ProjectSnapshots.LoadAyonAsync(ayon, fullName, cancellationToken);
        if (state is null)
        {
            Log.Skipped(logger, fullName, "the AYON project does not exist");
            return null;
        }

        var settings = (await projects.ForKnownProjectAsync(ftrackProjectId, fullName, ftrack.Code, project.GetString("project_schema_id") ?? "", cancellationToken)).Typed;
        if (!settings.Enabled)
        {
            Log.Skipped(logger, fullName, "ftrack is disabled for the project");
            return null;
        }

        return (ftrack, state, ProjectSyncPlanner.BuildMapping(ftrack, state.Attributes, settings.CustomAttributes.AttributesMapping));
    }

    private static bool IsTrue(JsonNode? value) => value?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.String => value.ToString() is "1" or "true" or "True",
        _ => false,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Incremental sync {Kind} of {Project}: {Operations} AYON operations, {FtrackWrites} ftrack writes")]
        public static partial void Applied(ILogger logger, ChangeKind kind, string project, int operations, int ftrackWrites);

        [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Incremental sync skipped for {Project}: {Reason}")]
        public static partial void Skipped(ILogger logger, string project, string reason);

        [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Incremental sync of {Project}: ftrack entity {FtrackId} is not created in AYON: its AYON entity was deleted there since it was pushed to ftrack")]
        public static partial void DeletedInAyon(ILogger logger, string project, string ftrackId);

        [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Incremental sync {Kind} of {Project}: ftrack entity {FtrackId} no longer exists, nothing to do for it")]
        public static partial void Gone(ILogger logger, ChangeKind kind, string project, string ftrackId);

        [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "Incremental sync of {Project}: AYON entity {AyonId} of a removed ftrack entity is kept for ftrack entity {FtrackId}, which has its name")]
        public static partial void Replaced(ILogger logger, string project, string ayonId, string ftrackId);

        [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "Incremental version sync of {Project}: {Versions} AssetVersions, {Writes} AYON writes")]
        public static partial void VersionsApplied(ILogger logger, string project, int versions, int writes);

        [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Incremental link sync skipped for {Project}: link type '{LinkType}' (folder → folder) does not exist on the AYON project")]
        public static partial void LinkTypeMissing(ILogger logger, string project, string linkType);

        [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Incremental link sync of {Project}: {Writes} AYON link writes")]
        public static partial void LinksApplied(ILogger logger, string project, int writes);
    }
}
