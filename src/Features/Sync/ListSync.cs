using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync;

/// <summary>What <see cref="ListSync.ApplyAsync"/> did: AYON writes, report lines, and the lists whose type differs from their AYON list's.</summary>
/// <param name="Writes">AYON list writes.</param>
/// <param name="Report">One line per list not synchronised.</param>
/// <param name="TypeMismatches">ftrack lists matched to an AYON list of another entity type, with that type.</param>
public sealed record ListSyncResult(int Writes, IReadOnlyList<string> Report, IReadOnlyList<(FtrackListState List, string AyonEntityType)> TypeMismatches);

/// <summary>One ftrack list as the sync sees it: id, name, the AYON entity type it maps to, and its member ftrack ids.</summary>
public sealed record FtrackListState(string Id, string Name, string? AyonEntityType, IReadOnlyList<string> EntityIds);

/// <summary>
/// ftrack lists → AYON entity lists (behaviour reference P-22 step 13). An <c>AssetVersionList</c> maps to a version
/// list; a <c>TypedContextList</c> to a folder or task list chosen by its <c>ayon_list_type</c> value (or that
/// attribute's default, else <c>folder</c>). AYON lists are matched by <c>ftrackId</c>, then by label
/// (case-insensitive); a type mismatch is skipped. Missing lists are created with their items; matched lists are
/// renamed, get missing items merged, extra items deleted and <c>ftrackId</c> set. AYON lists are never deleted.
/// Items map through the ftrack id → AYON id map of the synced entities (versions through <see cref="VersionMatch"/>);
/// items of another type are left out.
/// </summary>
public static class ListSync
{
    /// <summary>The ftrack custom attribute that holds the AYON type of a <c>TypedContextList</c>.</summary>
    public const string ListTypeKey = "ayon_list_type";

    private const string FtrackIdAttribute = "ftrackId";

    /// <summary>Loads the project's ftrack lists (optionally only <paramref name="listIds"/>) with their members.</summary>
    public static async Task<IReadOnlyList<FtrackListState>> LoadFtrackListsAsync(FtrackSession session, string projectId, IReadOnlyCollection<string>? listIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var filter = FtrackFilter.Is("project_id", projectId);
        if (listIds is not null)
        {
            if (listIds.Count == 0)
            {
                return [];
            }

            filter = filter.And(FtrackFilter.In("id", [.. listIds]));
        }

        var lists = await session.QueryAsync(FtrackQuery.From("List").Select("id", "name", "system_type", "project_id").Where(filter), FtrackList.From, cancellationToken);
        if (lists.Count == 0)
        {
            return [];
        }

        var ids = lists.Select(l => l.Id).ToArray();
        var objects = await session.QueryAsync(
            FtrackQuery.From("ListObject").Select("id", "list_id", "entity_id").Where(FtrackFilter.In("list_id", ids)),
            FtrackListObject.From,
            cancellationToken);
        var listTypes = await ListTypesAsync(session, ids, cancellationToken);
        return [.. lists.Select(l => new FtrackListState(
            l.Id,
            l.Name ?? "",
            IsVersionList(l) ? AyonEntityTypes.Version : listTypes.Values.GetValueOrDefault(l.Id) ?? listTypes.Default ?? AyonEntityTypes.Folder,
            [.. objects.Where(o => o.ListId == l.Id && o.EntityId is not null).Select(o => o.EntityId!).Distinct(StringComparer.Ordinal)]))];
    }

    private static bool IsVersionList(FtrackList list) =>
        list.EntityType == "AssetVersionList" || string.Equals(list.SystemType, "assetversion", StringComparison.OrdinalIgnoreCase);

    private static async Task<(IReadOnlyDictionary<string, string> Values, string? Default)> ListTypesAsync(FtrackSession session, IReadOnlyList<string> listIds, CancellationToken cancellationToken)
    {
        var configuration = await session.QueryFirstAsync(
            FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "default").Where(FtrackFilter.Is("key", ListTypeKey)),
            cancellationToken);
        if (configuration is null)
        {
            return (new Dictionary<string, string>(), null);
        }

        var values = await session.QueryAsync(
            FtrackQuery.From("CustomAttributeValue").Select("entity_id", "value", "configuration_id")
                .Where(FtrackFilter.Is("configuration_id", configuration.Id).And(FtrackFilter.In("entity_id", [.. listIds]))),
            cancellationToken);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in values)
        {
            if (row.GetString("entity_id") is { } entityId && ListTypeOf(row["value"]) is { } type)
            {
                map[entityId] = type;
            }
        }

        return (map, ListTypeOf(configuration["default"]));
    }

    /// <summary><c>folder</c> or <c>task</c> from an enumerator value (a string or the first of an array); null otherwise.</summary>
    public static string? ListTypeOf(JsonNode? value)
    {
        var text = value switch
        {
            JsonArray array => array.FirstOrDefault()?.GetValueKind() == System.Text.Json.JsonValueKind.String ? array[0]!.GetValue<string>() : null,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            _ => null,
        };
        if (text is { Length: > 1 } && text.StartsWith('[') && text.EndsWith(']'))
        {
            return ListTypeOf(JsonNode.Parse(text));
        }

        return text is AyonEntityTypes.Folder or AyonEntityTypes.Task ? text : null;
    }

    /// <summary>The AYON list of an ftrack list: by <c>ftrackId</c>, then by label (case-insensitive); null when none.</summary>
    public static EntityListNode? Match(FtrackListState list, IReadOnlyList<EntityListNode> ayonLists)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(ayonLists);
        return ayonLists.FirstOrDefault(a => FtrackIdOf(a) == list.Id)
            ?? ayonLists.FirstOrDefault(a => FtrackIdOf(a) is null && string.Equals(a.Label, list.Name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>ftrackId</c> attribute of an AYON list, or null.</summary>
    public static string? FtrackIdOf(EntityListNode list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.ParseAllAttrib()[FtrackIdAttribute] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } id ? id : null;
    }

    /// <summary>The AYON ids a list should hold: its members mapped through <paramref name="ayonIds"/>, only those of the list's type.</summary>
    public static IReadOnlyList<string> DesiredItems(FtrackListState list, IReadOnlyDictionary<string, (string AyonId, string Type)> ayonIds)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(ayonIds);
        return [.. list.EntityIds
            .Where(id => ayonIds.TryGetValue(id, out var target) && target.Type == list.AyonEntityType)
            .Select(id => ayonIds[id].AyonId)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Brings the AYON lists of <paramref name="projectName"/> to the ftrack lists <paramref name="lists"/>; writes only
    /// differences. <paramref name="ayonIds"/> maps ftrack ids to (AYON id, AYON entity type). Returns the AYON writes,
    /// report lines and type mismatches.
    /// </summary>
    public static async Task<ListSyncResult> ApplyAsync(
        IAyonApi ayon, string projectName, IReadOnlyList<FtrackListState> lists, IReadOnlyDictionary<string, (string AyonId, string Type)> ayonIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count == 0)
        {
            return new ListSyncResult(0, [], []);
        }

        var ayonLists = await ayon.ListEntityListsAsync(projectName, null, cancellationToken);
        var writes = 0;
        var report = new List<string>();
        var mismatches = new List<(FtrackListState, string)>();
        foreach (var list in lists)
        {
            if (list.AyonEntityType is null)
            {
                continue;
            }

            var desired = DesiredItems(list, ayonIds);
            var match = Match(list, ayonLists);
            if (match is null)
            {
                await ayon.CreateEntityListAsync(projectName, new EntityListCreate
                {
                    EntityType = list.AyonEntityType,
                    Label = list.Name,
                    Attrib = new JsonObject { [FtrackIdAttribute] = list.Id },
                    Items = [.. desired.Select(d => new EntityListItem { EntityId = d })],
                }, cancellationToken);
                writes++;
                continue;
            }

            if (match.EntityType != list.AyonEntityType)
            {
                report.Add($"ftrack list '{list.Name}' holds {list.AyonEntityType} entities but AYON list '{match.Label}' holds {match.EntityType}; not synchronised");
                mismatches.Add((list, match.EntityType ?? ""));
                continue;
            }

            var patchLabel = match.Label != list.Name ? list.Name : null;
            var patchId = FtrackIdOf(match) != list.Id;
            if (patchLabel is not null || patchId)
            {
                await ayon.PatchEntityListAsync(projectName, match.Id, new EntityListPatch
                {
                    Label = patchLabel,
                    Attrib = patchId ? new JsonObject { [FtrackIdAttribute] = list.Id } : null,
                }, cancellationToken);
                writes++;
            }

            var present = match.Items.Edges.Select(e => e.EntityId).ToHashSet(StringComparer.Ordinal);
            var want = desired.ToHashSet(StringComparer.Ordinal);
            var missing = desired.Where(d => !present.Contains(d)).ToList();
            if (missing.Count > 0)
            {
                await ayon.PatchEntityListItemsAsync(projectName, match.Id, new EntityListItemsPatch("merge", [.. missing.Select(m => new EntityListItem { EntityId = m })]), cancellationToken);
                writes++;
            }

            var extra = match.Items.Edges.Where(e => !want.Contains(e.EntityId) && e.Id is not null).ToList();
            if (extra.Count > 0)
            {
                await ayon.PatchEntityListItemsAsync(projectName, match.Id, new EntityListItemsPatch("delete", [.. extra.Select(e => new EntityListItem { Id = e.Id, EntityId = e.EntityId })]), cancellationToken);
                writes++;
            }
        }

        return new ListSyncResult(writes, report, mismatches);
    }

    /// <summary>Full sync (P-22 step 13) over every list of the ftrack project; version ids found are written back in commits of <paramref name="writeChunk"/>.</summary>
    public static async Task<ListSyncResult> SyncAllAsync(
        FtrackSession session, IAyonApi ayon, FtrackProjectState ftrack, IReadOnlyDictionary<string, string> ayonIds, int writeChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayonIds);
        var lists = await LoadFtrackListsAsync(session, ftrack.ProjectId, null, cancellationToken);
        var ids = await WithVersionsAsync(session, ayon, ftrack.FullName, lists, TypedIds(ftrack, ayonIds), ayonIds, writeChunk, cancellationToken);
        return await ApplyAsync(ayon, ftrack.FullName, lists, ids, cancellationToken);
    }

    /// <summary>
    /// The incremental sync's list step (P-16 step 5) over the lists one event touches: each that still exists in ftrack
    /// is synchronised as <see cref="ApplyAsync"/> does (members found in AYON by their ftrack id); a list gone from
    /// ftrack deletes the AYON list whose <c>ftrackId</c> is its id; an <c>ayon_list_type</c> changed in ftrack is set back
    /// to the AYON list's type (AYON lists cannot change type; the echo of that write finds the types equal). Reads the
    /// current state first, so a replay writes nothing. <see cref="ListSyncResult.TypeMismatches"/> are the lists set back.
    /// </summary>
    public static async Task<ListSyncResult> ApplyChangesAsync(
        FtrackSession session, IAyonApi ayon, FtrackProjectState ftrack, IReadOnlyList<string> listIds, int writeChunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(listIds);
        var lists = await LoadFtrackListsAsync(session, ftrack.ProjectId, listIds, cancellationToken);
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

        var typed = await WithVersionsAsync(session, ayon, ftrack.FullName, lists, ids, null, writeChunk, cancellationToken);
        var (writes, report, mismatches) = await ApplyAsync(ayon, ftrack.FullName, lists, typed, cancellationToken);
        var reverted = await RevertListTypesAsync(session, mismatches, cancellationToken);
        var gone = listIds.Except(lists.Select(l => l.Id), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (gone.Count > 0)
        {
            foreach (var list in (await ayon.ListEntityListsAsync(ftrack.FullName, null, cancellationToken)).Where(l => FtrackIdOf(l) is { } id && gone.Contains(id)))
            {
                await ayon.DeleteEntityListAsync(ftrack.FullName, list.Id, cancellationToken);
                writes++;
            }
        }

        return new ListSyncResult(writes, report, reverted);
    }

    // A folder/task list whose ayon_list_type ftrack changed gets the AYON list's type back (as the original does).
    private static async Task<IReadOnlyList<(FtrackListState List, string AyonEntityType)>> RevertListTypesAsync(
        FtrackSession session, IReadOnlyList<(FtrackListState List, string AyonEntityType)> mismatches, CancellationToken cancellationToken)
    {
        var revertible = mismatches.Where(m => m.List.AyonEntityType is AyonEntityTypes.Folder or AyonEntityTypes.Task && m.AyonEntityType is AyonEntityTypes.Folder or AyonEntityTypes.Task).ToList();
        if (revertible.Count == 0)
        {
            return [];
        }

        var configuration = await session.QueryFirstAsync(
            FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key").Where(FtrackFilter.Is("key", ListTypeKey)), cancellationToken);
        if (configuration is null)
        {
            return [];
        }

        foreach (var (list, ayonType) in revertible)
        {
            session.SetCustomAttribute(FtrackEntityRef.Of("TypedContextList", list.Id), configuration.Id, new JsonArray(ayonType));
        }

        await session.CommitAsync(cancellationToken);
        return revertible;
    }

    /// <summary>
    /// <paramref name="ids"/> with the AYON versions of the version lists' members added (<see cref="VersionMatch"/>);
    /// <paramref name="folderByContext"/> and <paramref name="writeChunk"/> are passed on.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (string AyonId, string Type)>> WithVersionsAsync(
        FtrackSession session,
        IAyonApi ayon,
        string projectName,
        IReadOnlyList<FtrackListState> lists,
        IReadOnlyDictionary<string, (string AyonId, string Type)> ids,
        IReadOnlyDictionary<string, string>? folderByContext,
        int? writeChunk,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(ids);
        var members = lists.Where(l => l.AyonEntityType == AyonEntityTypes.Version).SelectMany(l => l.EntityIds).Distinct(StringComparer.Ordinal).ToList();
        if (members.Count == 0)
        {
            return ids;
        }

        var result = new Dictionary<string, (string AyonId, string Type)>(ids, StringComparer.Ordinal);
        foreach (var (ftrackId, ayonId) in (await VersionMatch.MapAsync(session, ayon, projectName, members, folderByContext, writeChunk, cancellationToken)).AyonIds)
        {
            result[ftrackId] = (ayonId, AyonEntityTypes.Version);
        }

        return result;
    }

    /// <summary>ftrack context id → (AYON id, <c>folder</c>|<c>task</c>) for the mapped contexts.</summary>
    public static IReadOnlyDictionary<string, (string AyonId, string Type)> TypedIds(FtrackProjectState ftrack, IReadOnlyDictionary<string, string> ayonIds)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayonIds);
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var context in ftrack.Contexts)
        {
            if (ayonIds.TryGetValue(context.Id, out var ayonId))
            {
                result[context.Id] = (ayonId, context.IsTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder);
            }
        }

        return result;
    }
}
