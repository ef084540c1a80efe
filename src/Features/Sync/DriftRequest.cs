using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// The operator page's "drift report" button (no Python origin: the original has no such page). The page stores an
/// <c>ftrack.leech</c> event whose payload is the ftrack-shaped event <see cref="Topic"/> with <c>data.project</c>, so
/// the request queues behind the ftrack events already waiting and the report shows the state after them. The
/// processor compares the ftrack project with its AYON project (<see cref="DriftReport"/>, the comparison the chaos
/// suite and the integration tests use) and answers with one stored AYON event <see cref="ReportTopic"/>
/// (summary: request id, project, count, error; payload: auto-sync, ftrack server and project id, the differences with
/// the entity of each side). Bad input answers with a report that names the problem (no such project in ftrack, no
/// ftrack settings for the project), so the page can say it in one line; AYON or ftrack failing leaves the job failed
/// and enroll retries it.
/// </summary>
public static partial class DriftRequest
{
    /// <summary>The ftrack-shaped topic the page stores inside <c>ftrack.leech</c>.</summary>
    public const string Topic = "ayon.ftrack.operator.drift.requested";

    /// <summary>The AYON topic of the answer.</summary>
    public const string ReportTopic = "ftrack.operator.drift.report";

    /// <summary>Differences beyond this many are counted but not listed (an AYON event payload stays small).</summary>
    public const int MaxItems = 500;

    /// <summary>Report the drift of <paramref name="Project"/> for request <paramref name="RequestId"/> (the ftrack-shaped event id).</summary>
    public sealed record Command(string RequestId, string Project) : ICommand;

    /// <summary>The page's request; the project may be missing (the validator says so).</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Topic != Topic)
        {
            return null;
        }

        var project = e.Data.TryGetProperty("project", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        return new Command(e.Id, project);
    }

    internal sealed partial class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.RequestId).NotEmpty().WithMessage("the drift request has no id");
            RuleFor(c => c.Project).NotEmpty().WithMessage("the drift request names no project")
                .Matches(ProjectName()).WithMessage(c => $"'{c.Project}' is not an AYON project name");
        }

        // AYON's project name rule (ayon-protocol.md §3.1).
        [GeneratedRegex("^[a-zA-Z0-9_]{1,64}$")]
        private static partial Regex ProjectName();
    }

    /// <summary>One side of a difference: the entity's id and type there (and its AYON path).</summary>
    public sealed record EntityRef(string Id, string Type, string? Path = null);

    /// <summary>What the page needs to link a difference's path to its entity on both sides.</summary>
    public sealed record EntityIndex(
        IReadOnlyDictionary<string, EntityRef> FtrackByPath,
        IReadOnlyDictionary<string, EntityRef> AyonByFtrackPath,
        IReadOnlyDictionary<string, EntityRef> AyonByPath)
    {
        /// <summary>An index that links nothing (the project could not be read).</summary>
        public static EntityIndex Empty { get; } = new(new Dictionary<string, EntityRef>(), new Dictionary<string, EntityRef>(), new Dictionary<string, EntityRef>());
    }

    /// <summary>The facts of one answer besides the differences.</summary>
    public sealed record ReportFacts(string RequestId, string Project, string? FtrackServer, string? FtrackProjectId, bool? AutoSync, string? Error);

    /// <summary>Pairs the ftrack contexts (by path below the project) with their AYON folders and tasks (by <c>ftrackId</c>).</summary>
    internal static EntityIndex Index(FtrackProjectState ftrack, AyonProjectState ayon)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        var folders = ayon.Folders.Where(f => f.FtrackId is not null).GroupBy(f => f.FtrackId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var tasks = ayon.Tasks.Where(t => t.FtrackId is not null).GroupBy(t => t.FtrackId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var folderPaths = ayon.Folders.ToDictionary(f => f.Id, f => f.Path, StringComparer.Ordinal);
        var ftrackByPath = new Dictionary<string, EntityRef>(StringComparer.Ordinal);
        var ayonByFtrackPath = new Dictionary<string, EntityRef>(StringComparer.Ordinal);
        foreach (var context in ftrack.Contexts)
        {
            var path = SyncConventions.FtrackPath(context.LinkNames);
            ftrackByPath.TryAdd(path, new EntityRef(context.Id, context.IsTask ? "task" : context.EntityType));
            if (context.IsTask && tasks.TryGetValue(context.Id, out var task))
            {
                ayonByFtrackPath.TryAdd(path, new EntityRef(task.Id, "task", folderPaths.GetValueOrDefault(task.FolderId)));
            }
            else if (!context.IsTask && folders.TryGetValue(context.Id, out var folder))
            {
                ayonByFtrackPath.TryAdd(path, new EntityRef(folder.Id, "folder", folder.Path));
            }
        }

        var ayonByPath = new Dictionary<string, EntityRef>(StringComparer.Ordinal);
        foreach (var folder in ayon.Folders.Where(f => f.Path is not null))
        {
            ayonByPath.TryAdd(folder.Path!, new EntityRef(folder.Id, "folder", folder.Path));
        }

        foreach (var task in ayon.Tasks)
        {
            ayonByPath.TryAdd(task.Name, new EntityRef(task.Id, "task", folderPaths.GetValueOrDefault(task.FolderId)));
        }

        return new EntityIndex(ftrackByPath, ayonByFtrackPath, ayonByPath);
    }

    /// <summary>The answer event (pure): differences in the comparison's order, each with the entity of both sides when known.</summary>
    internal static DispatchEventRequest Decide(ReportFacts facts, IReadOnlyList<DriftItem> items, EntityIndex index, string sender)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(index);
        var listed = new JsonArray();
        foreach (var item in items.Take(MaxItems))
        {
            var ftrack = index.FtrackByPath.GetValueOrDefault(item.Path);
            var ayon = index.AyonByFtrackPath.GetValueOrDefault(item.Path)
                ?? (item.Kind == DriftKind.Extra || ftrack is null ? index.AyonByPath.GetValueOrDefault(item.Path) : null);
            listed.Add(new JsonObject
            {
                ["kind"] = item.Kind.ToString(),
                ["path"] = item.Path,
                ["detail"] = item.Detail,
                ["ftrack"] = ftrack is null ? null : new JsonObject { ["id"] = ftrack.Id, ["type"] = ftrack.Type },
                ["ayon"] = ayon is null ? null : new JsonObject { ["id"] = ayon.Id, ["type"] = ayon.Type, ["path"] = ayon.Path },
            });
        }

        var description = facts.Error is not null
            ? $"Drift report of {facts.Project}: {facts.Error}"
            : items.Count == 0 ? $"Drift report of {facts.Project}: AYON equals ftrack" : $"Drift report of {facts.Project}: {items.Count} difference(s)";
        return new DispatchEventRequest
        {
            Topic = ReportTopic,
            Sender = sender,
            Hash = $"{ReportTopic}.{facts.RequestId}",
            Reuse = true,
            Project = facts.Error is null ? facts.Project : null,
            Description = description.Length > 2000 ? description[..2000] : description,
            Summary = new JsonObject
            {
                ["requestId"] = facts.RequestId,
                ["project"] = facts.Project,
                ["count"] = items.Count,
                ["error"] = facts.Error,
            },
            Payload = new JsonObject
            {
                ["requestId"] = facts.RequestId,
                ["project"] = facts.Project,
                ["error"] = facts.Error,
                ["autoSync"] = facts.AutoSync,
                ["ftrackServer"] = facts.FtrackServer,
                ["ftrackProjectId"] = facts.FtrackProjectId,
                ["count"] = items.Count,
                ["truncated"] = items.Count > MaxItems,
                ["items"] = listed,
            },
            Finished = true,
            Store = true,
        };
    }

    internal sealed class Handler(FtrackSession session, FtrackConnection connection, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var server = connection.Current?.ServerUrl.GetLeftPart(UriPartial.Authority);
            var (facts, items, index) = await CompareAsync(request, server, cancellationToken);
            await ayon.DispatchEventAsync(Decide(facts, items, index, ayonOptions.Value.ServiceName), cancellationToken);
            if (facts.Error is null)
            {
                Log.Reported(logger, request.Project, request.RequestId, items.Count);
            }
            else
            {
                Log.NotCompared(logger, request.Project, request.RequestId, facts.Error);
            }

            return Unit.Value;
        }

        private async Task<(ReportFacts Facts, IReadOnlyList<DriftItem> Items, EntityIndex Index)> CompareAsync(Command request, string? server, CancellationToken cancellationToken)
        {
            ReportFacts Error(string error) => new(request.RequestId, request.Project, server, null, null, error);
            FtrackSettings settings;
            try
            {
                settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions.Value, request.Project, cancellationToken));
            }
            catch (ApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return (Error($"AYON has no ftrack settings for project '{request.Project}'"), [], EntityIndex.Empty);
            }
            catch (FtrackSettingsException ex)
            {
                return (Error($"the ftrack settings of project '{request.Project}' are not valid: {ex.Message}"), [], EntityIndex.Empty);
            }

            var ftrack = await ProjectSnapshots.LoadFtrackAsync(session, request.Project, cancellationToken);
            if (ftrack is null)
            {
                return (Error($"ftrack has no project named '{request.Project}'"), [], EntityIndex.Empty);
            }

            var autoSync = SyncLaunch.IsOn(ftrack.StoredValue(FtrackCustomAttributeKeys.AutoSyncEnabled, ftrack.ProjectId));
            var facts = new ReportFacts(request.RequestId, request.Project, server, ftrack.ProjectId, autoSync, null);
            var state = await ProjectSnapshots.LoadAyonAsync(ayon, ftrack.FullName, cancellationToken);
            var items = await DriftReport.CompareAsync(
                session, ayon, request.Project, settings.CustomAttributes.AttributesMapping, settings.ServiceEventHandlers.SyncFromFtrack.SyncLinkType, cancellationToken);
            return (facts, items, state is null ? EntityIndex.Empty : Index(ftrack, state));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2090, Level = LogLevel.Information, Message = "Drift report of {Project} for request {RequestId}: {Count} difference(s)")]
        public static partial void Reported(ILogger logger, string project, string requestId, int count);

        [LoggerMessage(EventId = 2091, Level = LogLevel.Warning, Message = "Drift report of {Project} for request {RequestId} not compared: {Reason}")]
        public static partial void NotCompared(ILogger logger, string project, string requestId, string reason);
    }
}
