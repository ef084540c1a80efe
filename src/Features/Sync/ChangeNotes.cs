using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FtrackEntityTypes = AyonFtrack.Features.Ftrack.FtrackEntityTypes;

namespace AyonFtrack.Features.Sync;

/// <summary>One ftrack Note change: the note, its parent (a TypedContext or an AssetVersion) and its old text.</summary>
/// <param name="Action"><c>add</c>, <c>update</c> or <c>remove</c>.</param>
/// <param name="NoteId">The Note id.</param>
/// <param name="ParentId">The id of the entity the note is on.</param>
/// <param name="OnVersion">True when the parent is an AssetVersion, false for a TypedContext.</param>
/// <param name="OldText">The text before the change (the removed text for a removal), or null.</param>
public sealed record NoteChange(string Action, string NoteId, string ParentId, bool OnVersion, string? OldText);

/// <summary>
/// The pure part of the note sync: which AYON comment an ftrack Note is. In order: the activity the note's metadata
/// <c>ayon_activity_id</c> names, the activity whose <c>data.ftrack.id</c> is the note, then one whose body is the
/// note's old text or, for a note not linked yet, its current text.
/// </summary>
public static class NoteDecide
{
    /// <summary>The AYON comment of the note, or null.</summary>
    public static ActivityNode? Match(IReadOnlyList<ActivityNode> comments, string noteId, string? metadataActivityId, string? oldText, string? text)
    {
        ArgumentNullException.ThrowIfNull(comments);
        return comments.FirstOrDefault(c => metadataActivityId is not null && c.ActivityId == metadataActivityId)
            ?? comments.FirstOrDefault(c => NoteIdOf(c) == noteId)
            ?? comments.FirstOrDefault(c => NoteIdOf(c) is null && oldText is not null && c.Body == oldText)
            ?? comments.FirstOrDefault(c => NoteIdOf(c) is null && text is not null && c.Body == text);
    }

    /// <summary>The ftrack note id an AYON comment is linked to (<c>data.ftrack.id</c>), or null.</summary>
    public static string? NoteIdOf(ActivityNode comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return comment.ParseActivityData()["ftrack"]?["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
    }
}

/// <summary>
/// ftrack Notes → AYON comments (behaviour reference P-17), the direction the transmitter's comment sync does not cover:
/// a note added or edited on a task, folder or AssetVersion becomes (or updates) the comment on its AYON entity, written
/// as the AYON user mapped from the note's author (the service user when none), with <c>data.ftrack.id</c>; the note gets
/// the metadata <c>ayon_activity_id</c>. A removed note deletes its comment. Edits and removals are made as the service
/// user (an AYON comment may be edited only by its author or an admin). Reads current state first, so a replay writes
/// nothing; a note whose entity is not in AYON is logged and skipped.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_comments.py</c> (P-17).
/// </summary>
public static partial class ChangeNotes
{
    /// <summary>The note metadata key that holds the AYON activity id (shared with the transmitter's comment sync).</summary>
    public const string MetadataKey = "ayon_activity_id";

    public sealed record Command(string ProjectId, IReadOnlyList<NoteChange> Notes) : ICommand;

    /// <summary>Notes added, removed, or whose text changed, on a TypedContext or an AssetVersion, in the first project named.</summary>
    public static Command? From(FtrackEvent e)
    {
        var notes = FtrackUpdate.Changes(e)
            .Where(c => c.EntityType == "note" && c.ProjectId is not null && c.ParentId is not null && c.ParentType is "task" or "assetversion"
                && (c.Action is "add" or "remove" || (c.IsUpdate && c.Changed("text"))))
            .ToList();
        if (notes.Count == 0)
        {
            return null;
        }

        var project = notes[0].ProjectId!;
        return new Command(project, [.. notes.Where(n => n.ProjectId == project).Select(n => new NoteChange(
            n.Action == "move" ? "update" : n.Action,
            n.EntityId,
            n.ParentId!,
            n.ParentType == "assetversion",
            n.Changes.GetValueOrDefault("text")?.Old))]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.Notes).NotEmpty().WithMessage("The note change names no note.");
        }
    }

    internal sealed partial class Handler(FtrackSession session, IAyonApi ayon, ProjectContexts projects, IOptions<SyncOptions> options, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            // The event's project context: read once per event, whichever slice asks first.
            var context = await projects.ForProjectAsync(request.ProjectId, cancellationToken);
            if (context is null || !context.AyonProjectExists)
            {
                Log.Skipped(logger, context?.ProjectName ?? request.ProjectId, "the project is not in both ftrack and AYON");
                return Unit.Value;
            }

            if (!context.Typed.Enabled)
            {
                Log.Skipped(logger, context.ProjectName, "ftrack is disabled for the project");
                return Unit.Value;
            }

            var project = context.ProjectName;

            foreach (var note in request.Notes)
            {
                await SyncAsync(project, note, cancellationToken);
            }

            return Unit.Value;
        }

        private async Task SyncAsync(string project, NoteChange change, CancellationToken cancellationToken)
        {
            if (await TargetAsync(project, change, cancellationToken) is not { } target)
            {
                Log.NoTarget(logger, project, change.NoteId, change.ParentId);
                return;
            }

            var comments = await ayon.ListActivitiesAsync(project, new ActivityFilter(DateTimeOffset.MinValue, ["comment"], [target.Id]), cancellationToken);
            if (change.Action == "remove")
            {
                if (NoteDecide.Match(comments, change.NoteId, null, change.OldText, null) is { } removed)
                {
                    await ayon.DeleteActivityAsync(project, removed.ActivityId, cancellationToken);
                    Log.Deleted(logger, project, removed.ActivityId, change.NoteId);
                }

                return;
            }

            var rows = await FtrackBatch.QueryAsync(session,
            [
                FtrackQuery.From(FtrackEntityTypes.Note).Select("id", "content", "author.username", "author.email").Where(FtrackFilter.Is("id", change.NoteId)),
                FtrackQuery.From(FtrackEntityTypes.Metadata).Select("parent_id", "key", "value").Where(FtrackFilter.Is("parent_id", change.NoteId).And(FtrackFilter.Is("key", MetadataKey))),
            ], cancellationToken);
            if (rows[0].Count == 0)
            {
                return;
            }

            var text = rows[0][0].GetString("content") ?? "";
            var linkedActivity = rows[1].Count > 0 ? rows[1][0].GetString("value") : null;
            var comment = NoteDecide.Match(comments, change.NoteId, linkedActivity, change.OldText, text);
            if (comment is null)
            {
                var author = await AuthorAsync(rows[0][0].GetEntity("author"), cancellationToken);
                EntityIdResponse created;
                using (author is null ? null : AyonImpersonation.As(author))
                {
                    created = await ayon.CreateActivityAsync(project, target.Type, target.Id, new ActivityCreate
                    {
                        Body = text,
                        Data = new JsonObject { ["ftrack"] = new JsonObject { ["id"] = change.NoteId } },
                    }, cancellationToken);
                }

                await LinkNoteAsync(change.NoteId, linkedActivity, created.Id, cancellationToken);
                Log.Created(logger, project, created.Id, change.NoteId, author ?? "the service user");
                return;
            }

            var patch = new ActivityPatch
            {
                Body = comment.Body == text ? null : text,
                Data = NoteDecide.NoteIdOf(comment) == change.NoteId ? null : new JsonObject { ["ftrack"] = new JsonObject { ["id"] = change.NoteId } },
            };
            if (patch.Body is not null || patch.Data is not null)
            {
                await ayon.PatchActivityAsync(project, comment.ActivityId, patch, cancellationToken);
                Log.Updated(logger, project, comment.ActivityId, change.NoteId);
            }

            await LinkNoteAsync(change.NoteId, linkedActivity, comment.ActivityId, cancellationToken);
        }

        /// <summary>The AYON entity the note's parent is: a version through <see cref="VersionMatch"/>, a folder or task through its <c>ayon_id</c>.</summary>
        private async Task<(string Type, string Id)?> TargetAsync(string project, NoteChange change, CancellationToken cancellationToken)
        {
            if (change.OnVersion)
            {
                var match = await VersionMatch.MapAsync(session, ayon, project, [change.ParentId], null, options.Value.FtrackWriteChunk, cancellationToken);
                return match.AyonIds.TryGetValue(change.ParentId, out var versionId) ? (AyonEntityTypes.Version, versionId) : null;
            }

            var rows = await FtrackBatch.QueryAsync(session,
            [
                FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "object_type.name").Where(FtrackFilter.Is("id", change.ParentId)),
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key").Where(FtrackFilter.Is("key", FtrackCustomAttributeKeys.AyonId)),
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("configuration_id", "entity_id", "value").Where(FtrackFilter.Is("entity_id", change.ParentId)),
            ], cancellationToken);
            if (rows[0].Count == 0 || rows[1].Count == 0)
            {
                return null;
            }

            var configurationId = rows[1][0].Id;
            var ayonId = rows[2].FirstOrDefault(v => v.GetString("configuration_id") == configurationId)?.GetString("value");
            if (string.IsNullOrEmpty(ayonId))
            {
                return null;
            }

            var isTask = string.Equals(rows[0][0].GetEntity("object_type")?.GetString("name"), "Task", StringComparison.Ordinal);
            IReadOnlyList<EntityNode> found = isTask
                ? await ayon.ListTasksAsync(project, new TaskFilter(Ids: [ayonId]), cancellationToken)
                : await ayon.ListFoldersAsync(project, new FolderFilter(Ids: [ayonId]), cancellationToken);
            return found.Count == 1 ? (isTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder, ayonId) : null;
        }

        /// <summary>The AYON user of the note's author (e-mail first, then login), or null for the service user.</summary>
        private async Task<string?> AuthorAsync(FtrackEntity? user, CancellationToken cancellationToken)
        {
            if (user?.GetString("username") is not { } username)
            {
                return null;
            }

            var ayonUsers = await ayon.ListUsersAsync(new UserFilter(), cancellationToken);
            var mapping = AssigneeRules.UserMapping(ayonUsers, [new FtrackUserInfo(user.Id, username, user.GetString("email"))]);
            return mapping.TryGetValue(user.Id, out var name) && ayonUsers.Any(u => u.Name == name && u.Active) ? name : null;
        }

        private async Task LinkNoteAsync(string noteId, string? linkedActivity, string activityId, CancellationToken cancellationToken)
        {
            if (linkedActivity == activityId)
            {
                return;
            }

            if (linkedActivity is null)
            {
                session.Create(FtrackEntityTypes.Metadata, new Dictionary<string, object?> { ["parent_id"] = noteId, ["parent_type"] = "Note", ["key"] = MetadataKey, ["value"] = activityId });
            }
            else
            {
                session.Update(
                    FtrackEntityRef.Composite(FtrackEntityTypes.Metadata, new("parent_id", noteId), new("key", MetadataKey)),
                    new Dictionary<string, object?> { ["value"] = activityId });
            }

            await session.CommitAsync(cancellationToken);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2070, Level = LogLevel.Information, Message = "Note sync of {Project} skipped: {Reason}")]
            public static partial void Skipped(ILogger logger, string project, string reason);

            [LoggerMessage(EventId = 2071, Level = LogLevel.Information, Message = "Note sync of {Project}: ftrack note {NoteId} is on {ParentId}, which has no AYON entity; skipped")]
            public static partial void NoTarget(ILogger logger, string project, string noteId, string parentId);

            [LoggerMessage(EventId = 2072, Level = LogLevel.Information, Message = "Note sync of {Project}: AYON comment {ActivityId} created for ftrack note {NoteId} as {Author}")]
            public static partial void Created(ILogger logger, string project, string activityId, string noteId, string author);

            [LoggerMessage(EventId = 2073, Level = LogLevel.Information, Message = "Note sync of {Project}: AYON comment {ActivityId} updated from ftrack note {NoteId}")]
            public static partial void Updated(ILogger logger, string project, string activityId, string noteId);

            [LoggerMessage(EventId = 2074, Level = LogLevel.Information, Message = "Note sync of {Project}: AYON comment {ActivityId} deleted with ftrack note {NoteId}")]
            public static partial void Deleted(ILogger logger, string project, string activityId, string noteId);
        }
    }
}
