using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Sync;

/// <summary>One ftrack <c>TypedContextLink</c> (from → to) added or removed.</summary>
public sealed record LinkChange(string FromId, string ToId, bool Added);

/// <summary>
/// ftrack <c>TypedContextLink</c> (folder → folder) ⇄ AYON folder links of the configured type (behaviour reference §6:
/// input = from, output = to). The type is <c>service_event_handlers.sync_from_ftrack.sync_link_type</c> (a link type
/// short name such as <c>breakdown</c>; <c>&lt; Skip &gt;</c> turns link sync off) and must exist on the project as
/// folder → folder. The full sync only adds missing links (it never deletes, as in the original); events add and remove.
/// Fixes the original's bug that read the <c>to</c> entity for both ends of a link change (§7).
/// </summary>
public static class LinkSync
{
    /// <summary>The full AYON link type name (<c>breakdown|folder|folder</c>) for the setting, or null (skipped or missing on the project).</summary>
    public static string? FolderLinkType(ProjectModel project, string? setting)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (string.IsNullOrWhiteSpace(setting) || setting == SettingsValues.SkipLinkType)
        {
            return null;
        }

        return project.LinkTypes.FirstOrDefault(t =>
            (t.LinkType ?? t.Name.Split('|')[0]) == setting
            && (t.InputType ?? t.Name.Split('|').ElementAtOrDefault(1)) == AyonEntityTypes.Folder
            && (t.OutputType ?? t.Name.Split('|').ElementAtOrDefault(2)) == AyonEntityTypes.Folder)?.Name;
    }

    /// <summary>True when the setting asks for links (not <c>&lt; Skip &gt;</c>).</summary>
    public static bool Wanted(string? setting) => !string.IsNullOrWhiteSpace(setting) && setting != SettingsValues.SkipLinkType;

    /// <summary>The ftrack links of the project whose both ends are folder contexts (from, to).</summary>
    public static async Task<IReadOnlyList<(string From, string To)>> LoadFtrackLinksAsync(FtrackSession session, FtrackProjectState ftrack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ftrack);
        var rows = await session.QueryAsync(
            FtrackQuery.From("TypedContextLink").Select("id", "from_id", "to_id").Where(FtrackFilter.Is("from.project_id", ftrack.ProjectId)),
            FtrackTypedContextLink.From,
            cancellationToken);
        var folders = ftrack.Contexts.Where(c => !c.IsTask).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return [.. rows.Where(r => r.FromId is not null && r.ToId is not null && folders.Contains(r.FromId) && folders.Contains(r.ToId))
            .Select(r => (r.FromId!, r.ToId!)).Distinct()];
    }

    /// <summary>The AYON links (input, output) the ftrack links map to through <paramref name="folderIds"/> (ftrack id → AYON folder id); unmapped ends are left out.</summary>
    public static IReadOnlyList<(string Input, string Output)> Desired(IEnumerable<(string From, string To)> ftrackLinks, IReadOnlyDictionary<string, string> folderIds)
    {
        ArgumentNullException.ThrowIfNull(ftrackLinks);
        ArgumentNullException.ThrowIfNull(folderIds);
        return [.. ftrackLinks
            .Where(l => folderIds.ContainsKey(l.From) && folderIds.ContainsKey(l.To))
            .Select(l => (folderIds[l.From], folderIds[l.To]))
            .Distinct()];
    }

    /// <summary>
    /// Full sync (P-22 step 10): creates the AYON links missing for the project's ftrack folder links. Returns the number
    /// created and the report lines (a missing link type is reported).
    /// </summary>
    public static async Task<(int Created, IReadOnlyList<string> Report)> SyncAllAsync(
        FtrackSession session, IAyonApi ayon, FtrackProjectState ftrack, ProjectModel project, IReadOnlyDictionary<string, string> ayonIds, string? setting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayonIds);
        if (!Wanted(setting))
        {
            return (0, []);
        }

        if (FolderLinkType(project, setting) is not { } linkType)
        {
            return (0, [$"Link type '{setting}' (folder → folder) does not exist on the AYON project; links are not synchronised"]);
        }

        var folderContexts = ftrack.Contexts.Where(c => !c.IsTask).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var folderIds = ayonIds.Where(p => folderContexts.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var desired = Desired(await LoadFtrackLinksAsync(session, ftrack, cancellationToken), folderIds);
        if (desired.Count == 0)
        {
            return (0, []);
        }

        var existing = (await ayon.ListFolderLinksAsync(ftrack.FullName, [.. desired.Select(d => d.Input).Distinct(StringComparer.Ordinal)], [linkType], cancellationToken))
            .Where(l => l.LinkType == linkType)
            .Select(l => (l.Input, l.Output))
            .ToHashSet();
        var created = 0;
        foreach (var (input, output) in desired.Where(d => !existing.Contains(d)))
        {
            await ayon.CreateLinkAsync(ftrack.FullName, new LinkCreate { Input = input, Output = output, LinkType = linkType }, cancellationToken);
            created++;
        }

        return (created, []);
    }

    /// <summary>
    /// The AYON folder of each ftrack id that exactly one folder of <paramref name="state"/> has as <c>ftrackId</c>, plus
    /// <paramref name="created"/> (ftrack id → AYON id of folders created since <paramref name="state"/> was read).
    /// </summary>
    public static IReadOnlyDictionary<string, string> FolderIds(AyonProjectState state, IEnumerable<KeyValuePair<string, string>> created)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(created);
        var byFtrack = state.Folders.Where(f => f.FtrackId is not null).GroupBy(f => f.FtrackId!, StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Id, StringComparer.Ordinal);
        foreach (var (ftrackId, ayonId) in created)
        {
            byFtrack.TryAdd(ftrackId, ayonId);
        }

        return byFtrack;
    }

    /// <summary>
    /// Incremental (P-16 step 4): adds or removes the AYON links of <paramref name="changes"/>, each end mapped to the one
    /// AYON folder whose <c>ftrackId</c> is its ftrack id (task ends and ambiguous ends are skipped). Returns the AYON writes.
    /// </summary>
    public static async Task<int> ApplyAsync(
        IAyonApi ayon, string projectName, string linkType, IReadOnlyList<LinkChange> changes, IReadOnlyDictionary<string, string> byFtrack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(byFtrack);
        var mapped = changes.Where(c => byFtrack.ContainsKey(c.FromId) && byFtrack.ContainsKey(c.ToId))
            .Select(c => (Input: byFtrack[c.FromId], Output: byFtrack[c.ToId], c.Added))
            .ToList();
        if (mapped.Count == 0)
        {
            return 0;
        }

        var existing = (await ayon.ListFolderLinksAsync(projectName, [.. mapped.Select(m => m.Input).Distinct(StringComparer.Ordinal)], [linkType], cancellationToken))
            .Where(l => l.LinkType == linkType)
            .ToList();
        var writes = 0;
        foreach (var (input, output, added) in mapped)
        {
            var link = existing.FirstOrDefault(l => l.Input == input && l.Output == output);
            if (added && link is null)
            {
                var created = await ayon.CreateLinkAsync(projectName, new LinkCreate { Input = input, Output = output, LinkType = linkType }, cancellationToken);
                existing.Add(new AyonLink(created.Id, linkType, input, output));
                writes++;
            }
            else if (!added && link is not null)
            {
                await ayon.DeleteLinkAsync(projectName, link.Id, cancellationToken);
                existing.Remove(link);
                writes++;
            }
        }

        return writes;
    }
}
