using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// When an AssetVersion gets a thumbnail, its task and the first <c>thumbnail_updates.levels</c> contexts above its
/// Asset (the shot, then the sequence, ...) show it too (a level of 0 turns it off). Only contexts whose thumbnail
/// differs are written, so the event of that write changes nothing more.
/// Python origin: <c>services/processor/processor/default_handlers/event_thumbnail_updates.py</c> (P-20).
/// </summary>
public static partial class ThumbnailUpdates
{
    /// <summary>An AssetVersion whose thumbnail changed, with the ids above its Asset in the event's <c>parents</c> (nearest first).</summary>
    public sealed record Change(string ProjectId, string VersionId, IReadOnlyList<string> AboveAsset);

    public sealed record Command(IReadOnlyList<Change> Changes) : ICommand;

    /// <summary>AssetVersions added or updated with <c>thumbid</c> among their keys.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var changes = new List<Change>();
        foreach (var item in e.Entities.Where(i => i.ValueKind == JsonValueKind.Object))
        {
            if (Str(item, "action") is not { } action || action == "remove" || !string.Equals(Str(item, "entityType"), "assetversion", StringComparison.OrdinalIgnoreCase)
                || Str(item, "entityId") is not { } versionId || !HasThumbKey(item)
                || !item.TryGetProperty("parents", out var parents) || parents.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var chain = parents.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).ToList();
            if (chain.Count == 0 || Str(chain[^1], "entityId") is not { } projectId)
            {
                continue;
            }

            var asset = chain.FindIndex(p => Str(p, "entityType") == "asset");
            var above = asset < 0 ? [] : chain.Skip(asset + 1).Where(p => Str(p, "entityType") != "show").Select(p => Str(p, "entityId")).OfType<string>().ToList();
            changes.Add(new Change(projectId, versionId, above));
        }

        return changes.Count > 0 ? new Command(changes) : null;
    }

    /// <summary>The contexts that take the version's thumbnail: its task, then the first <paramref name="levels"/> above the Asset.</summary>
    public static IReadOnlyList<string> Targets(Change change, int levels, string? taskId)
    {
        ArgumentNullException.ThrowIfNull(change);
        return levels < 1 ? [] : [.. (taskId is null ? [] : new[] { taskId }).Concat(change.AboveAsset.Take(levels)).Distinct(StringComparer.Ordinal)];
    }

    private static bool HasThumbKey(JsonElement item) =>
        (item.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array && keys.EnumerateArray().Any(k => k.ValueKind == JsonValueKind.String && k.GetString() == "thumbid"))
        || (item.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Object && changes.TryGetProperty("thumbid", out _));

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleForEach(c => c.Changes).Must(c => c.ProjectId.Length > 0 && c.VersionId.Length > 0).WithMessage("Every thumbnail change needs its project and version ids.");
    }

    internal sealed partial class Handler(FtrackSession session, ProjectContexts projects, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            foreach (var group in request.Changes.GroupBy(c => c.ProjectId, StringComparer.Ordinal))
            {
                var (project, skip) = await AutomationProjects.OpenAsync(projects, group.Key, cancellationToken);
                var settings = project?.Typed.ServiceEventHandlers.ThumbnailUpdates;
                if (project is null || settings is null || !settings.Enabled || settings.Levels < 1)
                {
                    Log.Skipped(logger, group.Key, skip ?? "thumbnail updates are off for the project");
                    continue;
                }

                var versions = await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "task_id", "thumbnail_id").Where(FtrackFilter.In("id", [.. group.Select(c => c.VersionId)])),
                    cancellationToken);
                foreach (var change in group)
                {
                    var version = versions.FirstOrDefault(v => v.Id == change.VersionId);
                    if (version?.GetString("thumbnail_id") is not { Length: > 0 } thumbnail)
                    {
                        continue;
                    }

                    var targets = Targets(change, settings.Levels, version.GetString("task_id"));
                    if (targets.Count == 0)
                    {
                        continue;
                    }

                    var contexts = await session.QueryAsync(
                        FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "thumbnail_id").Where(FtrackFilter.In("id", [.. targets])), cancellationToken);
                    var stale = contexts.Where(c => c.GetString("thumbnail_id") != thumbnail).ToList();
                    foreach (var context in stale)
                    {
                        session.Update(context.Ref, new Dictionary<string, object?> { ["thumbnail_id"] = thumbnail });
                    }

                    if (stale.Count > 0)
                    {
                        await session.CommitAsync(cancellationToken);
                        Log.Updated(logger, project.ProjectName, change.VersionId, stale.Count);
                    }
                }
            }

            return Unit.Value;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2590, Level = LogLevel.Debug, Message = "Thumbnail updates skipped in ftrack project {ProjectId}: {Reason}")]
            public static partial void Skipped(ILogger logger, string projectId, string reason);

            [LoggerMessage(EventId = 2591, Level = LogLevel.Information, Message = "Thumbnail updates in {Project}: the thumbnail of AssetVersion {VersionId} set on {Contexts} contexts")]
            public static partial void Updated(ILogger logger, string project, string versionId, int contexts);
        }
    }
}
