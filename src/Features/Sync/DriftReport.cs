using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Sync;

/// <summary>Kinds of difference between a ftrack project and its AYON project.</summary>
public enum DriftKind
{
    /// <summary>A ftrack entity has no AYON entity (by <c>ftrackId</c>), or the AYON project is missing.</summary>
    Missing,

    /// <summary>An active AYON folder or task whose <c>ftrackId</c> is no live ftrack entity of the project.</summary>
    Extra,

    /// <summary>Name (slug) or label differs.</summary>
    Name,

    /// <summary>Folder type or task type differs.</summary>
    Type,

    /// <summary>The AYON parent is not the entity of the ftrack parent (a move did not arrive).</summary>
    Parent,

    /// <summary>Status differs.</summary>
    Status,

    /// <summary>A mapped attribute (or ftrackPath, dates, description) differs.</summary>
    Attribute,

    /// <summary>Task assignees differ (for ftrack users that map to AYON users).</summary>
    Assignee,

    /// <summary>The ftrack side does not point back: <c>ayon_id</c>/<c>ayon_path</c> differ from the AYON entity.</summary>
    Link,

    /// <summary>A folder → folder ftrack <c>TypedContextLink</c> has no AYON link of the configured type, or the reverse (or the type is missing).</summary>
    EntityLink,

    /// <summary>An ftrack list has no AYON entity list (by <c>ftrackId</c>), its label or items differ, or an AYON list points at a gone ftrack list.</summary>
    EntityList,
}

/// <summary>One difference; <see cref="Path"/> is the ftrack path below the project.</summary>
public sealed record DriftItem(DriftKind Kind, string Path, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Path}: {Detail}";
}

/// <summary>
/// Compares a ftrack project with its AYON project and lists every difference: missing, extra, name, type, parent,
/// status, attribute, assignee and ftrack back-link (<c>ayon_id</c>/<c>ayon_path</c>). Entities are paired by the
/// stable id (<c>ftrackId</c>) only, never by name, so a rename that did not arrive shows as a difference.
/// Entity links (ftrack <c>TypedContextLink</c> ⇄ AYON folder links) are compared when a link type is given.
/// </summary>
public static class DriftReport
{
    /// <summary>Reads both sides and compares them (entity links not compared); an empty list means AYON equals ftrack.</summary>
    public static Task<IReadOnlyList<DriftItem>> CompareAsync(FtrackSession session, IAyonApi ayon, string ftrackProjectName, AttributesMappingSettings mappingSettings, CancellationToken cancellationToken) =>
        CompareAsync(session, ayon, ftrackProjectName, mappingSettings, null, cancellationToken);

    /// <summary>
    /// Reads both sides and compares them; with <paramref name="syncLinkType"/> (the <c>sync_link_type</c> setting, e.g.
    /// <c>breakdown</c>) the ftrack folder links are compared with the AYON folder links of that type too.
    /// </summary>
    public static async Task<IReadOnlyList<DriftItem>> CompareAsync(
        FtrackSession session, IAyonApi ayon, string ftrackProjectName, AttributesMappingSettings mappingSettings, string? syncLinkType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mappingSettings);
        var ftrack = await ProjectSnapshots.LoadFtrackAsync(session, ftrackProjectName, cancellationToken)
            ?? throw new SyncException($"ftrack project '{ftrackProjectName}' does not exist.");
        var state = await ProjectSnapshots.LoadAyonAsync(ayon, ftrack.FullName, cancellationToken);
        if (state is null)
        {
            return [new DriftItem(DriftKind.Missing, "", $"AYON project '{ftrack.FullName}' does not exist")];
        }

        var entityItems = Compare(ftrack, state, AttributeRules.BuildMapping(ftrack, state.Attributes, mappingSettings));
        var ftrackLists = await ListSync.LoadFtrackListsAsync(session, ftrack.ProjectId, null, cancellationToken);
        var versionMembers = ftrackLists.Where(l => l.AyonEntityType == AyonEntityTypes.Version).SelectMany(l => l.EntityIds).Distinct(StringComparer.Ordinal).ToList();
        var versions = (await VersionMatch.MapAsync(session, ayon, ftrack.FullName, versionMembers, null, null, cancellationToken)).AyonIds;
        IReadOnlyList<DriftItem> items = [.. entityItems, .. CompareLists(state, ftrackLists, await ayon.ListEntityListsAsync(ftrack.FullName, null, cancellationToken), versions)];
        if (!LinkSync.Wanted(syncLinkType))
        {
            return items;
        }

        if (LinkSync.FolderLinkType(state.Project, syncLinkType) is not { } linkType)
        {
            return [.. items, new DriftItem(DriftKind.EntityLink, "", $"link type '{syncLinkType}' (folder → folder) does not exist on the AYON project")];
        }

        var ftrackLinks = await LinkSync.LoadFtrackLinksAsync(session, ftrack, cancellationToken);
        var ayonLinks = await ayon.ListFolderLinksAsync(ftrack.FullName, null, [linkType], cancellationToken);
        return [.. items, .. CompareLinks(ftrack, state, ftrackLinks, ayonLinks.Where(l => l.LinkType == linkType).Select(l => (l.Input, l.Output)))];
    }

    /// <summary>
    /// The entity-list differences (pure): each ftrack list against the AYON list whose <c>ftrackId</c> is its id (label
    /// and items, members paired through the AYON folders' and tasks' <c>ftrackId</c>, versions through
    /// <paramref name="versionIds"/>, see <see cref="VersionMatch"/>); AYON lists pointing at a list that
    /// is not in ftrack are extra. AYON lists without <c>ftrackId</c> are AYON's own and not compared.
    /// </summary>
    public static IReadOnlyList<DriftItem> CompareLists(
        AyonProjectState ayon, IReadOnlyList<FtrackListState> ftrackLists, IReadOnlyList<EntityListNode> ayonLists, IReadOnlyDictionary<string, string>? versionIds = null)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrackLists);
        ArgumentNullException.ThrowIfNull(ayonLists);
        var ids = new Dictionary<string, (string AyonId, string Type)>(StringComparer.Ordinal);
        foreach (var folder in ayon.Folders.Where(f => f.FtrackId is not null).GroupBy(f => f.FtrackId!, StringComparer.Ordinal).Where(g => g.Count() == 1))
        {
            ids[folder.Key] = (folder.Single().Id, AyonEntityTypes.Folder);
        }

        foreach (var task in ayon.Tasks.Where(t => t.FtrackId is not null).GroupBy(t => t.FtrackId!, StringComparer.Ordinal).Where(g => g.Count() == 1))
        {
            ids.TryAdd(task.Key, (task.Single().Id, AyonEntityTypes.Task));
        }

        foreach (var (ftrackId, versionId) in versionIds ?? new Dictionary<string, string>())
        {
            ids.TryAdd(ftrackId, (versionId, AyonEntityTypes.Version));
        }

        var result = new List<DriftItem>();
        var byFtrack = ayonLists.Where(l => ListSync.FtrackIdOf(l) is not null).GroupBy(l => ListSync.FtrackIdOf(l)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var list in ftrackLists.Where(l => l.AyonEntityType is not null))
        {
            if (!byFtrack.TryGetValue(list.Id, out var match))
            {
                result.Add(new DriftItem(DriftKind.EntityList, list.Name, $"ftrack list {list.Id} has no AYON list"));
                continue;
            }

            if (match.Label != list.Name)
            {
                result.Add(new DriftItem(DriftKind.EntityList, list.Name, $"AYON list label '{match.Label}' differs"));
            }

            var want = ListSync.DesiredItems(list, ids).ToHashSet(StringComparer.Ordinal);
            var have = match.Items.Edges.Select(e => e.EntityId).ToHashSet(StringComparer.Ordinal);
            foreach (var missing in want.Where(w => !have.Contains(w)).Order(StringComparer.Ordinal))
            {
                result.Add(new DriftItem(DriftKind.EntityList, list.Name, $"AYON list lacks item {missing}"));
            }

            foreach (var extra in have.Where(h => !want.Contains(h)).Order(StringComparer.Ordinal))
            {
                result.Add(new DriftItem(DriftKind.EntityList, list.Name, $"extra AYON list item {extra}"));
            }
        }

        var live = ftrackLists.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (ftrackId, list) in byFtrack.Where(p => !live.Contains(p.Key)))
        {
            result.Add(new DriftItem(DriftKind.EntityList, list.Label ?? list.Id, $"extra AYON list: ftrack list {ftrackId} does not exist"));
        }

        return result;
    }

    /// <summary>The entity-link differences (pure): folders are paired by <c>ftrackId</c>.</summary>
    public static IReadOnlyList<DriftItem> CompareLinks(
        FtrackProjectState ftrack, AyonProjectState ayon, IEnumerable<(string From, string To)> ftrackLinks, IEnumerable<(string Input, string Output)> ayonLinks)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        var contexts = ftrack.Contexts.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var byFtrack = ayon.Folders.Where(f => f.FtrackId is not null).GroupBy(f => f.FtrackId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byAyon = ayon.Folders.ToDictionary(f => f.Id, StringComparer.Ordinal);
        string PathOf(string ftrackId) => contexts.TryGetValue(ftrackId, out var c) ? string.Join('/', c.LinkNames.Skip(1)) : ftrackId;
        var expected = new HashSet<(string, string)>();
        var items = new List<DriftItem>();
        foreach (var (from, to) in ftrackLinks)
        {
            if (!byFtrack.TryGetValue(from, out var input) || !byFtrack.TryGetValue(to, out var output))
            {
                items.Add(new DriftItem(DriftKind.EntityLink, PathOf(from), $"link to {PathOf(to)} cannot exist in AYON: an end has no AYON folder"));
                continue;
            }

            expected.Add((input.Id, output.Id));
        }

        var actual = ayonLinks.ToHashSet();
        foreach (var (input, output) in expected.Where(e => !actual.Contains(e)))
        {
            items.Add(new DriftItem(DriftKind.EntityLink, byAyon[input].Path ?? input, $"missing AYON link to {byAyon[output].Path ?? output}"));
        }

        foreach (var (input, output) in actual.Where(a => !expected.Contains(a)))
        {
            items.Add(new DriftItem(DriftKind.EntityLink, byAyon.GetValueOrDefault(input)?.Path ?? input, $"extra AYON link to {byAyon.GetValueOrDefault(output)?.Path ?? output}"));
        }

        return items;
    }

    /// <summary>The pure comparison.</summary>
    public static IReadOnlyList<DriftItem> Compare(FtrackProjectState ftrack, AyonProjectState ayon, IReadOnlyDictionary<string, AttributeMappingEntry> mapping)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(mapping);
        var items = new List<DriftItem>();
        var confById = ftrack.Configurations.ToDictionary(c => c.Configuration.Id, StringComparer.Ordinal);
        var scopes = ayon.Attributes.ToDictionary(a => a.Name, a => a.Scope, StringComparer.Ordinal);
        var folders = ayon.Folders.Where(f => f.FtrackId is not null).ToLookup(f => f.FtrackId!, StringComparer.Ordinal);
        var tasks = ayon.Tasks.Where(t => t.FtrackId is not null).ToLookup(t => t.FtrackId!, StringComparer.Ordinal);
        var foldersById = ayon.Folders.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var userMap = AssigneeRules.UserMapping(ayon.Users, ftrack.AssigneesByTask.Values.SelectMany(u => u));
        var live = ftrack.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        if (!string.Equals(ayon.Project.Attrib[SyncConventions.FtrackIdAttribute]?.ToString(), ftrack.ProjectId, StringComparison.Ordinal))
        {
            items.Add(new DriftItem(DriftKind.Attribute, "", "project ftrackId"));
        }

        var statusNames = ayon.Project.Statuses.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        items.AddRange(ftrack.Statuses.Where(s => !statusNames.Contains(s.Name)).Select(s => new DriftItem(DriftKind.Status, "", $"project status '{s.Name}' missing")));
        var taskTypes = ayon.Project.TaskTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        items.AddRange(ftrack.TaskTypes.Where(t => !taskTypes.Contains(t)).Select(t => new DriftItem(DriftKind.Type, "", $"project task type '{t}' missing")));
        var folderTypes = ayon.Project.FolderTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        items.AddRange(ftrack.FolderTypes.Where(t => !folderTypes.Contains(t)).Select(t => new DriftItem(DriftKind.Type, "", $"project folder type '{t}' missing")));

        foreach (var context in ftrack.Contexts)
        {
            var path = SyncConventions.FtrackPath(context.LinkNames);
            if (context.IsTask && context.ParentId == ftrack.ProjectId)
            {
                continue;
            }

            EntityNode? entity = context.IsTask ? tasks[context.Id].FirstOrDefault() : folders[context.Id].FirstOrDefault();
            if (entity is null)
            {
                items.Add(new DriftItem(DriftKind.Missing, path, context.IsTask ? "task" : "folder"));
                continue;
            }

            var (name, label, type, parentId) = entity switch
            {
                FolderNode f => (f.Name, f.Label ?? f.Name, f.FolderType, f.ParentId),
                TaskNode t => (t.Name, t.Label ?? t.Name, t.TaskType, (string?)t.FolderId),
                _ => throw new InvalidOperationException("Unexpected entity node."),
            };
            if (!entity.Active)
            {
                items.Add(new DriftItem(DriftKind.Missing, path, "inactive in AYON"));
            }

            if (!string.Equals(name, SyncConventions.Slugify(context.Name), StringComparison.Ordinal) || !string.Equals(label, context.Name, StringComparison.Ordinal))
            {
                items.Add(new DriftItem(DriftKind.Name, path, $"AYON '{name}' ('{label}')"));
            }

            var expectedType = context.IsTask ? context.TypeName : context.ObjectTypeName;
            if (expectedType is not null && !string.Equals(type, expectedType, StringComparison.Ordinal))
            {
                items.Add(new DriftItem(DriftKind.Type, path, $"AYON '{type}', ftrack '{expectedType}'"));
            }

            var parentFtrackId = parentId is null ? ftrack.ProjectId : foldersById.GetValueOrDefault(parentId)?.FtrackId;
            if (!string.Equals(parentFtrackId, context.ParentId, StringComparison.Ordinal))
            {
                items.Add(new DriftItem(DriftKind.Parent, path, "AYON parent is not the ftrack parent"));
            }

            if (context.StatusName is not null && !string.Equals(entity.Status, context.StatusName, StringComparison.OrdinalIgnoreCase))
            {
                items.Add(new DriftItem(DriftKind.Status, path, $"AYON '{entity.Status}', ftrack '{context.StatusName}'"));
            }

            var expected = AttributeRules.ExpectedAttrib(context, ftrack, mapping, confById, scopes, context.IsTask ? AyonEntityTypes.Task : AyonEntityTypes.Folder);
            var all = entity.ParseAllAttrib();
            foreach (var (key, value) in expected)
            {
                if (!SyncConventions.SameValue(all[key], value))
                {
                    items.Add(new DriftItem(DriftKind.Attribute, path, $"{key}: AYON {all[key]?.ToJsonString() ?? "null"}, ftrack {value?.ToJsonString() ?? "null"}"));
                }
            }

            if (entity is TaskNode task)
            {
                var assigned = ftrack.AssigneesByTask.TryGetValue(context.Id, out var users)
                    ? users.Select(u => userMap.GetValueOrDefault(u.Id)).OfType<string>().ToHashSet(StringComparer.Ordinal)
                    : [];
                var mappedUsers = userMap.Values.ToHashSet(StringComparer.Ordinal);
                var current = task.Assignees.Where(mappedUsers.Contains).ToHashSet(StringComparer.Ordinal);
                if (!current.SetEquals(assigned))
                {
                    items.Add(new DriftItem(DriftKind.Assignee, path, $"AYON [{string.Join(", ", current.Order(StringComparer.Ordinal))}], ftrack [{string.Join(", ", assigned.Order(StringComparer.Ordinal))}]"));
                }
            }

            var storedId = ftrack.StoredValue(FtrackCustomAttributeKeys.AyonId, context.Id)?.ToString();
            if (!string.Equals(storedId, entity.Id, StringComparison.Ordinal))
            {
                items.Add(new DriftItem(DriftKind.Link, path, $"ayon_id '{storedId}' is not '{entity.Id}'"));
            }

            if (entity is FolderNode folder && ftrack.ConfigurationByKey(FtrackCustomAttributeKeys.AyonPath) is not null)
            {
                var storedPath = ftrack.StoredValue(FtrackCustomAttributeKeys.AyonPath, context.Id)?.ToString();
                if (folder.Path is not null && !string.Equals(NormalisePath(storedPath), NormalisePath(folder.Path), StringComparison.Ordinal))
                {
                    items.Add(new DriftItem(DriftKind.Link, path, $"ayon_path '{storedPath}' is not '{folder.Path}'"));
                }
            }
        }

        items.AddRange(ayon.Folders.Where(f => f.Active && (f.FtrackId is null || !live.Contains(f.FtrackId)))
            .Select(f => new DriftItem(DriftKind.Extra, f.Path ?? f.Name, "active AYON folder without a live ftrack entity")));
        items.AddRange(ayon.Tasks.Where(t => t.Active && (t.FtrackId is null || !live.Contains(t.FtrackId)))
            .Select(t => new DriftItem(DriftKind.Extra, t.Name, "active AYON task without a live ftrack entity")));
        return items;
    }

    private static string NormalisePath(string? path) => "/" + (path ?? "").TrimStart('/');
}
