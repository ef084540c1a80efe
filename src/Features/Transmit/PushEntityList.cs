using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-04/T-05: an AYON entity list created or changed is mirrored as an ftrack list (Python origin:
/// <c>services/transmitter/transmitter/logic.py</c>, list handling): matched by <c>ftrackId</c>, then by name
/// (case-insensitive); created when missing (<c>assetversion</c> lists for versions, <c>task</c> lists with
/// <c>ayon_list_type</c> for folders and tasks); renamed when the label differs; list objects added for synced items
/// and removed only when they point at synced ftrack entities (non-empty <c>ayon_id</c>). Unlike the original, the
/// ftrack list is committed before AYON gets its <c>ftrackId</c>, and that AYON write carries the transmitter's sender
/// type, so it does not come back as a job.
/// </summary>
public static class PushEntityList
{
    private const string Slice = "Transmit.PushEntityList";

    public sealed record Command(string Project, string ListId) : ICommand;

    /// <summary>An ftrack list: id, name and system type.</summary>
    public sealed record FtrackList(string Id, string Name, string SystemType);

    /// <summary>List objects to add (ftrack entity ids) and to delete (list object ids).</summary>
    public sealed record ObjectChanges(IReadOnlyList<string> Add, IReadOnlyList<string> Remove);

    /// <summary><c>entity_list.created</c>, <c>entity_list.changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic is "entity_list.created" or "entity_list.changed" && AyonChange.Text(e.Summary?["id"]) is { Length: > 0 } id && e.Project is { Length: > 0 } project
            ? new Command(project, id)
            : null;
    }

    /// <summary>The ftrack system type that holds an AYON list of <paramref name="entityType"/>; null when none does.</summary>
    public static string? SystemTypeFor(string entityType) => entityType switch
    {
        "version" => "assetversion",
        "folder" or "task" => "task",
        _ => null,
    };

    /// <summary>The ftrack list of the AYON list: by <c>ftrackId</c>, else by name (case-insensitive).</summary>
    public static FtrackList? Match(string? ftrackId, string label, IReadOnlyList<FtrackList> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return lists.FirstOrDefault(l => l.Id == ftrackId)
            ?? lists.FirstOrDefault(l => string.Equals(l.Name, label, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Adds the wanted entities that are missing; removes objects whose entity is not wanted, but only when that entity
    /// is synced (has an <c>ayon_id</c>), so ftrack-only items stay.
    /// </summary>
    public static ObjectChanges DecideObjects(IReadOnlyCollection<string> wanted, IReadOnlyList<KeyValuePair<string, string>> objects, IReadOnlySet<string> syncedEntities)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(syncedEntities);
        var present = objects.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        var want = wanted.ToHashSet(StringComparer.Ordinal);
        return new ObjectChanges(
            [.. wanted.Distinct(StringComparer.Ordinal).Where(w => !present.Contains(w))],
            [.. objects.Where(o => !want.Contains(o.Value) && syncedEntities.Contains(o.Value)).Select(o => o.Key)]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ListId).NotEmpty().WithMessage("the AYON event names no list");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var response = await ayon.GetEntityListAsync(request.Project, request.ListId, cancellationToken);
            if (!response.IsSuccessful || response.Content is not { } list)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "list", request.ListId, request.Project);
                return Unit.Value;
            }

            if (SystemTypeFor(list.EntityType) is not { } systemType)
            {
                TransmitLog.Skipped(logger, Slice, $"AYON list {list.Id} holds {list.EntityType} entities, which ftrack lists cannot hold");
                return Unit.Value;
            }

            var project = await cache.FtrackProjectAsync(ayon, session, request.Project, cancellationToken);
            if (project is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "project", request.Project, request.Project);
                return Unit.Value;
            }

            var lists = await session.QueryAsync(
                FtrackQuery.From("List").Select("id", "name", "system_type").Where(FtrackFilter.Is("project_id", project.Id)),
                r => new FtrackList(r.Id, r.GetString("name") ?? "", r.GetString("system_type") ?? ""),
                cancellationToken);
            var ftrackId = Counterparts.FtrackIdOf(list.Attrib);
            var match = Match(ftrackId, list.Label, lists);
            var listTypeConfiguration = systemType == "task"
                ? (await session.QueryFirstAsync(FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key").Where(FtrackFilter.Is("key", Counterparts.AyonListTypeKey)), cancellationToken))?.Id
                : null;
            if (systemType == "task" && listTypeConfiguration is null)
            {
                TransmitLog.Skipped(logger, Slice, $"ftrack has no '{Counterparts.AyonListTypeKey}' attribute, so AYON {list.EntityType} list {list.Id} cannot be told apart; not pushed");
                return Unit.Value;
            }

            string listId;
            var writes = 0;
            if (match is null)
            {
                var category = await session.QueryFirstAsync(FtrackQuery.From("ListCategory").Select("id", "name").OrderBy("name"), cancellationToken);
                var created = session.Create("List", new Dictionary<string, object?>
                {
                    ["name"] = list.Label,
                    ["is_open"] = true,
                    ["project_id"] = project.Id,
                    ["system_type"] = systemType,
                    ["category_id"] = category?.Id,
                });
                if (listTypeConfiguration is not null)
                {
                    session.CreateCustomAttributeValue(listTypeConfiguration, created.Id, new JsonArray(list.EntityType));
                }

                listId = created.Id;
                writes++;
            }
            else if (match.SystemType != systemType)
            {
                TransmitLog.Skipped(logger, Slice, $"ftrack list {match.Id} '{match.Name}' is a {match.SystemType} list; AYON {list.EntityType} list {list.Id} is not pushed into it");
                return Unit.Value;
            }
            else
            {
                listId = match.Id;
                if (match.Name != list.Label)
                {
                    session.Update(FtrackEntityRef.Of("List", match.Id), new Dictionary<string, object?> { ["name"] = list.Label });
                    writes++;
                }
            }

            var itemIds = list.Items.Select(i => i.EntityId).ToArray();
            var ftrackIds = await Counterparts.FtrackIdsAsync(ayon, request.Project, list.EntityType, itemIds, cancellationToken);
            var wanted = itemIds.Select(i => ftrackIds.GetValueOrDefault(i)).OfType<string>().ToArray();
            var objects = match is null
                ? []
                : await session.QueryAsync(
                    FtrackQuery.From("ListObject").Select("id", "entity_id", "list_id").Where(FtrackFilter.Is("list_id", listId)),
                    r => KeyValuePair.Create(r.Id, r.GetString("entity_id") ?? ""),
                    cancellationToken);
            var synced = await SyncedAsync([.. objects.Select(o => o.Value)], cancellationToken);
            var changes = DecideObjects(wanted, objects, synced);
            foreach (var entityId in changes.Add)
            {
                session.Create("ListObject", new Dictionary<string, object?> { ["list_id"] = listId, ["entity_id"] = entityId });
            }

            foreach (var objectId in changes.Remove)
            {
                session.Delete(FtrackEntityRef.Of("ListObject", objectId));
            }

            await cache.CommitAsync(session, cancellationToken);
            if (ftrackId != listId)
            {
                await ayon.PatchEntityListAsync(request.Project, list.Id, new EntityListPatch { Attrib = new JsonObject { [Counterparts.FtrackIdAttribute] = listId } }, cancellationToken);
            }

            TransmitLog.Pushed(logger, Slice, "list", list.Id, listId, writes + changes.Add.Count + changes.Remove.Count);
            return Unit.Value;
        }

        private async Task<IReadOnlySet<string>> SyncedAsync(IReadOnlyList<string> entityIds, CancellationToken cancellationToken)
        {
            if (entityIds.Count == 0 || await Counterparts.AyonIdConfigurationAsync(session, cancellationToken) is not { } configuration)
            {
                return new HashSet<string>();
            }

            var rows = await session.QueryAsync(
                FtrackQuery.From("CustomAttributeValue").Select("entity_id", "value", "configuration_id")
                    .Where(FtrackFilter.Is("configuration_id", configuration).And(FtrackFilter.In("entity_id", entityIds))),
                cancellationToken);
            return rows.Where(r => r.GetString("value") is { Length: > 0 }).Select(r => r.GetString("entity_id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
    }
}
