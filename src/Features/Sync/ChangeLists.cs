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

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Brings the AYON entity lists of the ftrack lists an <c>ftrack.update</c> touches up to date (behaviour reference
/// P-16 step 5): <c>list</c> add/remove, <c>list</c> update of <c>name</c> or <c>ayon_list_type</c>, and
/// <c>listobject</c> add/remove (the list id from <c>changes.listid</c>). Each touched list that still exists in ftrack
/// is synchronised through <see cref="ListSync"/> (create with items, rename, merge/delete items, <c>ftrackId</c>); a
/// list gone from ftrack deletes the AYON list whose <c>ftrackId</c> is its id; an <c>ayon_list_type</c> changed in
/// ftrack is set back to the AYON list's type (AYON lists cannot change type). Reads current state first, so a replay
/// writes nothing.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16 step 5).
/// </summary>
public static partial class ChangeLists
{
    public sealed record Command(string ProjectId, IReadOnlyList<string> ListIds) : ICommand;

    /// <summary>The list ids an event's list and list-object items touch, in the first project named.</summary>
    public static Command? From(FtrackEvent e)
    {
        var touched = FtrackUpdate.Changes(e)
            .Where(c => c.ProjectId is not null)
            .Select(c => (c.ProjectId, ListId: ListIdOf(c)))
            .Where(t => t.ListId is not null)
            .ToList();
        if (touched.Count == 0)
        {
            return null;
        }

        var project = touched[0].ProjectId!;
        return new Command(project, [.. touched.Where(t => t.ProjectId == project).Select(t => t.ListId!).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The list id a change item touches, or null (updates count only for <c>name</c> or <c>ayon_list_type</c>).</summary>
    public static string? ListIdOf(EntityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.EntityType == "list")
        {
            return change.Action is "add" or "remove" || (change.IsUpdate && (change.Changed("name") || change.Changed(ListSync.ListTypeKey)))
                ? change.EntityId
                : null;
        }

        if (change.EntityType == "listobject" && change.Action is "add" or "remove")
        {
            var value = change.Changes.GetValueOrDefault("listid") ?? change.Changes.GetValueOrDefault("list_id");
            return (value?.New ?? value?.Old) is { Length: > 0 } listId ? listId : change.ParentId;
        }

        return null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProjectId).NotEmpty();
            RuleFor(c => c.ListIds).NotEmpty().WithMessage("The list change names no list.");
        }
    }

    internal sealed partial class Handler(
        FtrackSession session, IAyonApi ayon, ProjectContexts projects, Microsoft.Extensions.Options.IOptions<SyncOptions> options, ILogger<Handler> logger)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var loaded = await IncrementalSnapshots.LoadFtrackAsync(session, new SyncEventScope(request.ProjectId, [], [], [], []), cancellationToken);
            if (loaded.SkipReason is { } reason || loaded.Ftrack is not { } ftrack)
            {
                Log.Skipped(logger, request.ProjectId, loaded.SkipReason ?? "the ftrack project is not readable");
                return Unit.Value;
            }

            if (!(await ayon.GetProjectAsync(ftrack.FullName, cancellationToken)).IsSuccessStatusCode)
            {
                Log.Skipped(logger, ftrack.FullName, "the AYON project does not exist");
                return Unit.Value;
            }

            if (!(await projects.ForKnownProjectAsync(ftrack.ProjectId, ftrack.FullName, ftrack.Code, loaded.ProjectSchemaId, cancellationToken)).Typed.Enabled)
            {
                Log.Skipped(logger, ftrack.FullName, "ftrack is disabled for the project");
                return Unit.Value;
            }

            var lists = await ListSync.LoadFtrackListsAsync(session, ftrack.ProjectId, request.ListIds, cancellationToken);
            var members = lists.Where(l => l.AyonEntityType != AyonEntityTypes.Version).SelectMany(l => l.EntityIds).Distinct(StringComparer.Ordinal).ToArray();
            var ids = new Dictionary<string, (string AyonId, string Type)>(StringComparer.Ordinal);
            if (members.Length > 0)
            {
                foreach (var group in (await ayon.FindFoldersByFtrackIdAsync(ftrack.FullName, members, cancellationToken)).GroupBy(f => f.FtrackId).Where(g => g.Key is not null && g.Count() == 1))
                {
                    ids[group.Key!] = (group.Single().Id, AyonEntityTypes.Folder);
                }

                foreach (var group in (await ayon.FindTasksByFtrackIdAsync(ftrack.FullName, members, cancellationToken)).GroupBy(t => t.FtrackId).Where(g => g.Key is not null && g.Count() == 1))
                {
                    ids.TryAdd(group.Key!, (group.Single().Id, AyonEntityTypes.Task));
                }
            }

            var typed = await ListSync.WithVersionsAsync(session, ayon, ftrack.FullName, lists, ids, null, options.Value.FtrackWriteChunk, cancellationToken);
            var (writes, report, mismatches) = await ListSync.ApplyAsync(ayon, ftrack.FullName, lists, typed, cancellationToken);
            await RevertListTypesAsync(ftrack.FullName, mismatches, cancellationToken);
            var gone = request.ListIds.Except(lists.Select(l => l.Id), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            if (gone.Count > 0)
            {
                foreach (var list in (await ayon.ListEntityListsAsync(ftrack.FullName, null, cancellationToken)).Where(l => ListSync.FtrackIdOf(l) is { } id && gone.Contains(id)))
                {
                    await ayon.DeleteEntityListAsync(ftrack.FullName, list.Id, cancellationToken);
                    writes++;
                }
            }

            foreach (var line in report)
            {
                Log.Skipped(logger, ftrack.FullName, line);
            }

            Log.Applied(logger, ftrack.FullName, request.ListIds.Count, writes);
            return Unit.Value;
        }

        /// <summary>
        /// An AYON list cannot change its entity type, so a folder/task list whose <c>ayon_list_type</c> was changed in
        /// ftrack gets the AYON list's type back (as the original does); the echo of that write finds the types equal.
        /// </summary>
        private async Task RevertListTypesAsync(string project, IReadOnlyList<(FtrackListState List, string AyonEntityType)> mismatches, CancellationToken cancellationToken)
        {
            var revertible = mismatches.Where(m => m.List.AyonEntityType is AyonEntityTypes.Folder or AyonEntityTypes.Task && m.AyonEntityType is AyonEntityTypes.Folder or AyonEntityTypes.Task).ToList();
            if (revertible.Count == 0)
            {
                return;
            }

            var configuration = await session.QueryFirstAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key").Where(FtrackFilter.Is("key", ListSync.ListTypeKey)), cancellationToken);
            if (configuration is null)
            {
                return;
            }

            foreach (var (list, ayonType) in revertible)
            {
                session.SetCustomAttribute(FtrackEntityRef.Of("TypedContextList", list.Id), configuration.Id, new System.Text.Json.Nodes.JsonArray(ayonType));
                Log.ListTypeReverted(logger, project, list.Name, list.AyonEntityType!, ayonType);
            }

            await session.CommitAsync(cancellationToken);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2082, Level = LogLevel.Warning, Message = "List sync of {Project}: ftrack list '{List}' was set to hold {Requested} entities; AYON lists cannot change type, so it is set back to {Kept}")]
            public static partial void ListTypeReverted(ILogger logger, string project, string list, string requested, string kept);

            [LoggerMessage(EventId = 2080, Level = LogLevel.Information, Message = "List sync of {Project} skipped: {Reason}")]
            public static partial void Skipped(ILogger logger, string project, string reason);

            [LoggerMessage(EventId = 2081, Level = LogLevel.Information, Message = "List sync of {Project}: {Lists} lists, {Writes} AYON list writes")]
            public static partial void Applied(ILogger logger, string project, int lists, int writes);
        }
    }
}
