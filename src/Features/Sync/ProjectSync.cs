using System.Text.Json;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync;

/// <summary>Outcome of one full project sync.</summary>
public sealed record ProjectSyncResult(string ProjectName, bool ProjectCreated, int AyonOperations, bool ProjectPatched, int FtrackWrites, IReadOnlyList<string> Report);

/// <summary>
/// The full ftrack → AYON project sync (P-22, original <c>lib/sync_from_ftrack.py</c>). Used by the auto-sync
/// toggle slice here, and meant for the "Sync from ftrack" action (P-10), Prepare Project (P-05) and the
/// leecher-started resync: call <see cref="RunAsync"/> with the ftrack project's full name.
/// Creates the AYON project when missing (primary anatomy preset), makes its folder/task types and statuses
/// equal to ftrack's, creates/updates/deactivates folders and tasks with bulk operations, and writes
/// <c>ayon_id</c>/<c>ayon_path</c>/<c>ayon_sync_failed</c> back to ftrack in chunks. Idempotent: a second run
/// writes nothing on either side.
/// </summary>
public sealed partial class ProjectSync(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IOptions<SyncOptions> options, ILogger<ProjectSync> logger)
{
    /// <summary>Synchronises the ftrack project <paramref name="ftrackProjectName"/> (its full name = the AYON project name).</summary>
    /// <exception cref="SyncException">The ftrack project does not exist.</exception>
    public async Task<ProjectSyncResult> RunAsync(string ftrackProjectName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ftrackProjectName);
        var ftrack = await ProjectSnapshots.LoadFtrackAsync(session, ftrackProjectName, cancellationToken)
            ?? throw new SyncException($"ftrack project '{ftrackProjectName}' does not exist.");

        var created = false;
        var state = await ProjectSnapshots.LoadAyonAsync(ayon, ftrack.FullName, cancellationToken);
        if (state is null)
        {
            var anatomy = await ayon.GetAnatomyPresetAsync("__primary__", cancellationToken);
            var deploy = await ayon.DeployProjectAsync(
                new DeployProjectRequest { Name = ftrack.FullName, Code = ftrack.Code, Anatomy = anatomy.IsSuccessStatusCode ? anatomy.Content : null },
                cancellationToken);
            if (!deploy.IsSuccessful)
            {
                throw new SyncException($"AYON refused to create project '{ftrack.FullName}' (code '{ftrack.Code}'): HTTP {deploy.StatusCode}.");
            }

            created = true;
            Log.ProjectCreated(logger, ftrack.FullName);
            state = await ProjectSnapshots.LoadAyonAsync(ayon, ftrack.FullName, cancellationToken)
                ?? throw new SyncException($"AYON project '{ftrack.FullName}' is missing right after it was created.");
        }

        var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, ftrack.FullName, cancellationToken));
        var mapping = AttributeRules.BuildMapping(ftrack, state.Attributes, settings.CustomAttributes.AttributesMapping);
        var plan = ProjectSyncPlanner.Plan(ftrack, state, mapping);

        if (plan.ProjectPatch is { } patch)
        {
            await ayon.PatchProjectAsync(ftrack.FullName, patch, cancellationToken);
        }

        foreach (var chunk in plan.Operations.Chunk(options.Value.AyonOperationChunk))
        {
            var response = await ayon.PostOperationsAsync(ftrack.FullName, new OperationsRequest { Operations = chunk }, cancellationToken);
            response.EnsureSuccess(ftrack.FullName);
        }

        var versionWrites = settings.ServiceEventHandlers.SyncFromFtrack.SyncVersions
            ? await SyncVersionsAsync(ftrack, state, plan, mapping, cancellationToken)
            : 0;
        var links = await LinkSync.SyncAllAsync(session, ayon, ftrack, state.Project, plan.AyonIds, settings.ServiceEventHandlers.SyncFromFtrack.SyncLinkType, cancellationToken);
        var lists = await ListSync.SyncAllAsync(session, ayon, ftrack, plan.AyonIds, options.Value.FtrackWriteChunk, cancellationToken);
        await WriteBackAsync(session, plan.BackWrites, options.Value.FtrackWriteChunk, cancellationToken);
        IReadOnlyList<string> report = [.. plan.Report, .. links.Report, .. lists.Report];
        foreach (var line in report)
        {
            Log.ReportLine(logger, ftrack.FullName, line);
        }

        Log.Synced(logger, ftrack.FullName, plan.Operations.Count, plan.BackWrites.Count, plan.ProjectPatch is not null);
        return new ProjectSyncResult(ftrack.FullName, created, plan.Operations.Count + versionWrites + links.Created + lists.Writes, plan.ProjectPatch is not null, plan.BackWrites.Count, report);
    }

    /// <summary>
    /// P-22 step 12 (<c>sync_versions</c>): the AssetVersions under the project's synchronised folders → their AYON
    /// versions' status and mapped attributes, the ids found written back to <c>ayon_id</c>.
    /// </summary>
    private async Task<int> SyncVersionsAsync(FtrackProjectState ftrack, AyonProjectState state, ProjectSyncPlan plan, IReadOnlyDictionary<string, AttributeMappingEntry> mapping, CancellationToken cancellationToken)
    {
        var folders = ftrack.Contexts.Where(c => !c.IsTask && plan.AyonIds.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        var versionIds = await FtrackAssets.VersionIdsUnderAsync(session, folders, cancellationToken);
        var statuses = plan.ProjectPatch?.Statuses ?? state.Project.Statuses;
        return await VersionSync.ApplyAsync(session, ayon, ftrack, statuses, mapping, state.Attributes, versionIds, plan.AyonIds, options.Value, cancellationToken);
    }

    /// <summary>Writes ftrack custom attribute values in commits of <paramref name="chunk"/>.</summary>
    internal static async Task WriteBackAsync(FtrackSession session, IReadOnlyList<FtrackBackWrite> writes, int chunk, CancellationToken cancellationToken)
    {
        foreach (var part in writes.Chunk(chunk))
        {
            foreach (var write in part)
            {
                session.SetCustomAttribute(FtrackEntityRef.Of(write.EntityType, write.EntityId), write.ConfigurationId, ToClr(write.Value));
            }

            await session.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The value as ftrack takes it: numbers as floats, lists (multi-select enumerators) as they are, the rest as text or booleans.</summary>
    private static System.Text.Json.Nodes.JsonNode? ToClr(System.Text.Json.Nodes.JsonNode? value) => value?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => SyncConventions.AsDouble(value),
        JsonValueKind.Array => value,
        _ => value.ToString(),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "AYON project {Project} created from ftrack")]
        public static partial void ProjectCreated(ILogger logger, string project);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Full sync of {Project}: {Operations} AYON operations, {FtrackWrites} ftrack writes, project patched {Patched}")]
        public static partial void Synced(ILogger logger, string project, int operations, int ftrackWrites, bool patched);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Full sync of {Project}: {Line}")]
        public static partial void ReportLine(ILogger logger, string project, string line);
    }
}

/// <summary>The sync cannot proceed (missing project, parent not synchronised yet, refused deletion); the message names the entity.</summary>
public sealed class SyncException : Exception
{
    public SyncException()
    {
    }

    public SyncException(string message)
        : base(message)
    {
    }

    public SyncException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
