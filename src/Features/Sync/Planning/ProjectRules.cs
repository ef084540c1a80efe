using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The project rules of the sync (P-22 steps 2–4): the AYON project's folder types, task types (with short names) and
/// statuses follow ftrack's schema, existing entries matched case-insensitively and keeping their icons and colours; its
/// <c>ftrackId</c> and mapped project attributes follow the ftrack project. Only what differs is patched. Pure.
/// </summary>
public static class ProjectRules
{
    /// <summary>The project patch (null when nothing differs) and the statuses the project has once patched.</summary>
    public static ProjectPatch? Patch(FtrackProjectState ftrack, AyonProjectState ayon, IReadOnlyDictionary<string, AttributeMappingEntry> mapping, out IReadOnlyList<ProjectStatusItem> statuses)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(mapping);
        var project = ayon.Project;
        var folderTypes = DesiredTypes(ftrack.FolderTypes, project.FolderTypes, shortName: false);
        var taskTypes = DesiredTypes(ftrack.TaskTypes, project.TaskTypes, shortName: true);
        statuses = StatusRules.DesiredStatuses(ftrack.Statuses, project.Statuses);
        var foldersChanged = !folderTypes.Select(t => t.Name).SequenceEqual(project.FolderTypes.Select(t => t.Name), StringComparer.Ordinal);
        var tasksChanged = !taskTypes.Select(t => (t.Name, t.ShortName)).SequenceEqual(project.TaskTypes.Select(t => (t.Name, t.ShortName)));
        var statusesChanged = statuses.Count != project.Statuses.Count || statuses.Zip(project.Statuses).Any(p =>
            !string.Equals(p.First.Name, p.Second.Name, StringComparison.Ordinal)
            || !string.Equals(p.First.State, p.Second.State, StringComparison.Ordinal)
            || !string.Equals(p.First.Color, p.Second.Color, StringComparison.OrdinalIgnoreCase)
            || !(p.First.Scope ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(p.Second.Scope ?? []));

        var attrib = new JsonObject();
        if (!SyncConventions.SameValue(project.Attrib[SyncConventions.FtrackIdAttribute], JsonValue.Create(ftrack.ProjectId)))
        {
            attrib[SyncConventions.FtrackIdAttribute] = ftrack.ProjectId;
        }

        var confById = ftrack.Configurations.ToDictionary(c => c.Configuration.Id, StringComparer.Ordinal);
        foreach (var (name, entry) in mapping)
        {
            if (entry.ConfigurationFor("show", null) is { } conf
                && ftrack.Values.TryGetValue((conf.Id, ftrack.ProjectId), out var stored)
                && confById.TryGetValue(conf.Id, out var info)
                && SyncConventions.ConvertValue(name, info.TypeName, info.Config, stored) is { } converted
                && !SyncConventions.SameValue(project.Attrib[name], converted))
            {
                attrib[name] = converted;
            }
        }

        if (!foldersChanged && !tasksChanged && !statusesChanged && attrib.Count == 0)
        {
            return null;
        }

        return new ProjectPatch
        {
            FolderTypes = foldersChanged ? folderTypes : null,
            TaskTypes = tasksChanged ? taskTypes : null,
            Statuses = statusesChanged ? statuses : null,
            Attrib = attrib.Count > 0 ? attrib : null,
        };
    }

    private static List<ProjectTypeItem> DesiredTypes(IReadOnlyList<string> ftrack, IReadOnlyList<ProjectTypeItem> existing, bool shortName)
    {
        var result = new List<ProjectTypeItem>();
        foreach (var name in ftrack)
        {
            var match = existing.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            result.Add(new ProjectTypeItem
            {
                Name = name,
                ShortName = shortName ? match?.ShortName ?? SyncConventions.TaskTypeShortName(name) : match?.ShortName,
                Icon = match?.Icon,
                Color = match?.Color,
                OriginalName = match is not null && !string.Equals(match.Name, name, StringComparison.Ordinal) ? match.Name : null,
            });
        }

        return result;
    }
}
