using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Transmit;

/// <summary>What one comment sync run did.</summary>
public sealed record CommentSyncResult(bool Ran, int Synced, DateTimeOffset Until);

/// <summary>
/// T-09/T-10: AYON comments → ftrack Notes, run on the transmitter's timer (Python origin:
/// <c>services/transmitter/transmitter/comments.py</c>). Each comment activity of a synced folder, task or version
/// becomes one Note by the mapped ftrack user (the service user when the author has none), with metadata
/// <c>ayon_activity_id</c>; the Note id is stored in the activity's <c>data.ftrack.id</c>. A later run finds the Note by
/// that id (or by its metadata, when a run stopped between the two writes) and only updates a changed body, so a
/// comment is never posted twice, across restarts too. Fixes against the original (§7): the Note is written before
/// the AYON data; a <c>ftrack.sync.comments</c> marker is stored only for runs that wrote something, as
/// <c>finished</c>, with the count of comments actually written; the "since" watermark is the run's start time kept in
/// the marker (<c>payload.synced_until</c>), so comments written during a run are read by the next one.
/// </summary>
public sealed partial class CommentSync(IAyonApi ayon, FtrackSession session, FtrackConnection connection, IOptions<AyonOptions> options, TimeProvider time, ILogger<CommentSync> logger)
{
    public const string MarkerTopic = Topics.SyncComments;
    public const string MetadataKey = "ayon_activity_id";

    /// <summary>How far back the first run looks when no marker exists (the original's 5 days).</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(5);

    /// <summary>A marker of another instance younger than this means a run is in progress: skip.</summary>
    public static readonly TimeSpan InProgressTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Syncs comments changed after <paramref name="since"/> (null: after the last marker's watermark, else the last
    /// <see cref="FirstLookBack"/>).
    /// </summary>
    public async Task<CommentSyncResult> RunAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var markers = await ayon.GetEventsAsync(new EventsQuery { Topics = [MarkerTopic], NewestFirst = true, PageSize = 50 }, 50, cancellationToken);
        foreach (var marker in markers.Where(m => m.Status is AyonEventStatus.InProgress or AyonEventStatus.Pending))
        {
            if (marker.CreatedAt is { } created && started - created < InProgressTimeout)
            {
                Log.OtherRunInProgress(logger, marker.Id);
                return new CommentSyncResult(false, 0, since ?? started);
            }

            await ayon.UpdateEventAsync(marker.Id, new UpdateEventRequest { Status = AyonEventStatus.Failed, Description = "Comment sync did not finish" }, cancellationToken);
        }

        var from = since ?? Watermark(markers) ?? started - FirstLookBack;
        var synced = 0;
        var pacer = new NotePacer(time);
        var projects = await ayon.GetProjectsAsync(true, cancellationToken);
        var ftrackProjects = (await session.QueryAsync(FtrackQuery.From("Project").Select("id", "full_name"), cancellationToken))
            .Select(p => p.GetString("full_name")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var project in projects.Projects.Where(p => ftrackProjects.Contains(p.Name)))
        {
            var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(options.Value, project.Name, cancellationToken));
            if (!settings.Enabled)
            {
                continue;
            }

            var activities = await ayon.ListActivitiesAsync(project.Name, new ActivityFilter(from, ["comment"]), cancellationToken);
            foreach (var activity in activities)
            {
                if (await SyncOneAsync(project.Name, activity, pacer, cancellationToken))
                {
                    synced++;
                }
            }
        }

        if (synced > 0)
        {
            await ayon.DispatchEventAsync(
                new DispatchEventRequest
                {
                    Topic = MarkerTopic,
                    Sender = options.Value.ServiceName,
                    Description = $"Synchronized {synced} comments from AYON to ftrack",
                    Payload = new JsonObject { ["synced_comments"] = synced, ["synced_until"] = started.ToString("O", CultureInfo.InvariantCulture) },
                    Finished = true,
                    Store = true,
                },
                cancellationToken);
            Log.Synced(logger, synced);
        }

        return new CommentSyncResult(true, synced, started);
    }

    /// <summary>The newest finished marker's watermark: <c>payload.synced_until</c>, else its creation time.</summary>
    public static DateTimeOffset? Watermark(IEnumerable<GraphQlEvent> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var last = markers.Where(m => m.Status == AyonEventStatus.Finished).OrderByDescending(m => m.CreatedAt).FirstOrDefault();
        if (last is null)
        {
            return null;
        }

        return AyonChange.Text(last.Payload?["synced_until"]) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until)
            ? until
            : last.CreatedAt;
    }

    /// <summary>
    /// T-10: deletes finished markers that synced nothing (soft) or, with <paramref name="olderThan"/>, every marker
    /// older than that (hard); the newest finished marker always stays. Returns how many were deleted.
    /// </summary>
    public async Task<int> CleanupAsync(TimeSpan? olderThan, CancellationToken cancellationToken)
    {
        var markers = await ayon.GetEventsAsync(new EventsQuery { Topics = [MarkerTopic], NewestFirst = true, PageSize = 300 }, 10_000, cancellationToken);
        var doomed = SelectForCleanup(markers, olderThan is null ? null : time.GetUtcNow() - olderThan.Value);
        foreach (var id in doomed)
        {
            await ayon.DeleteEventAsync(id, cancellationToken);
        }

        if (doomed.Count > 0)
        {
            Log.CleanedUp(logger, doomed.Count);
        }

        return doomed.Count;
    }

    /// <summary>
    /// The markers a cleanup deletes. Soft (<paramref name="cutoff"/> null): finished ones with no synced comments.
    /// Hard: every one created before <paramref name="cutoff"/>. The newest finished marker is always kept, and markers
    /// still running are never touched.
    /// </summary>
    public static IReadOnlyList<string> SelectForCleanup(IReadOnlyList<GraphQlEvent> markers, DateTimeOffset? cutoff)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var keep = markers.Where(m => m.Status == AyonEventStatus.Finished).OrderByDescending(m => m.CreatedAt).FirstOrDefault()?.Id;
        return [.. markers
            .Where(m => m.Id != keep && m.Status is not (AyonEventStatus.InProgress or AyonEventStatus.Pending))
            .Where(m => cutoff is { } c
                ? m.CreatedAt is { } created && created < c
                : m.Status == AyonEventStatus.Finished && !HasSynced(m))
            .Select(m => m.Id)];
    }

    private static bool HasSynced(GraphQlEvent marker) =>
        marker.Payload?["synced_comments"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0;

    /// <summary>Creates or updates the Note of one activity; true when ftrack or AYON was written.</summary>
    private async Task<bool> SyncOneAsync(string project, ActivityNode activity, NotePacer pacer, CancellationToken cancellationToken)
    {
        if (activity.EntityType is not ("folder" or "task" or "version") || activity.EntityId is null)
        {
            return false;
        }

        var data = activity.ParseActivityData();
        var storedNoteId = AyonChange.Text(data["ftrack"]?["id"]);
        var body = activity.Body ?? "";
        FtrackEntity? note = null;
        if (storedNoteId is not null)
        {
            note = await session.GetAsync("Note", storedNoteId, ["id", "content"], cancellationToken);
        }

        if (note is null)
        {
            var metadata = await session.QueryFirstAsync(
                FtrackQuery.From("Metadata").Select("parent_id", "key", "value")
                    .Where(FtrackFilter.Is("key", MetadataKey).And(FtrackFilter.Is("value", activity.ActivityId))),
                cancellationToken);
            if (metadata?.GetString("parent_id") is { } noteId)
            {
                note = await session.GetAsync("Note", noteId, ["id", "content"], cancellationToken);
            }
        }

        if (note is not null)
        {
            var wrote = false;
            if (note.GetString("content") != body)
            {
                session.Update(note.Ref, new Dictionary<string, object?> { ["content"] = body });
                await session.CommitAsync(cancellationToken);
                wrote = true;
            }

            if (storedNoteId != note.Id)
            {
                await StoreNoteIdAsync(project, activity.ActivityId, note.Id, cancellationToken);
                wrote = true;
            }

            return wrote;
        }

        var entity = await Counterparts.ReadAyonAsync(ayon, project, activity.EntityType, activity.EntityId, cancellationToken);
        var parent = entity is null ? null : await Counterparts.ResolveAsync(ayon, session, project, entity, ["id"], cancellationToken);
        if (parent is null)
        {
            TransmitLog.NoCounterpart(logger, "Transmit.CommentSync", activity.EntityType, activity.EntityId, project);
            return false;
        }

        var userId = await AuthorAsync(activity.Author?.Name, cancellationToken);
        await pacer.WaitTurnAsync(parent.Id, cancellationToken);
        var created = session.Create("Note", new Dictionary<string, object?>
        {
            ["content"] = body,
            ["user_id"] = userId,
            ["parent_id"] = parent.Id,
            ["parent_type"] = activity.EntityType == "version" ? "AssetVersion" : "TypedContext",
            ["is_todo"] = false,
        });
        session.Create("Metadata", new Dictionary<string, object?>
        {
            ["parent_id"] = created.Id,
            ["key"] = MetadataKey,
            ["value"] = activity.ActivityId,
            ["parent_type"] = "Note",
        });
        await session.CommitAsync(cancellationToken);
        pacer.Created(parent.Id);
        await StoreNoteIdAsync(project, activity.ActivityId, created.Id, cancellationToken);
        Log.NoteCreated(logger, created.Id, activity.ActivityId, project);
        return true;
    }

    private async Task<string?> AuthorAsync(string? ayonUser, CancellationToken cancellationToken)
    {
        if (ayonUser is not null && (await FtrackUsers.MapAsync(ayon, session, [ayonUser], cancellationToken)).TryGetValue(ayonUser, out var mapped))
        {
            return mapped;
        }

        var service = await session.QueryFirstAsync(
            FtrackQuery.From("User").Select("id", "username").Where(FtrackFilter.Is("username", connection.Required.ApiUser)), cancellationToken);
        return service?.Id;
    }

    private Task StoreNoteIdAsync(string project, string activityId, string noteId, CancellationToken cancellationToken) =>
        ayon.PatchActivityAsync(project, activityId, new ActivityPatch { Data = new JsonObject { ["ftrack"] = new JsonObject { ["id"] = noteId } } }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Synchronized {Count} AYON comments to ftrack")]
        public static partial void Synced(ILogger logger, int count);

        [LoggerMessage(EventId = 7051, Level = LogLevel.Debug, Message = "Comment sync skipped: marker {MarkerId} of another run is in progress")]
        public static partial void OtherRunInProgress(ILogger logger, string markerId);

        [LoggerMessage(EventId = 7052, Level = LogLevel.Debug, Message = "ftrack Note {NoteId} created for AYON comment {ActivityId} of project {Project}")]
        public static partial void NoteCreated(ILogger logger, string noteId, string activityId, string project);

        [LoggerMessage(EventId = 7053, Level = LogLevel.Information, Message = "Deleted {Count} old comment sync markers")]
        public static partial void CleanedUp(ILogger logger, int count);
    }
}
