using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The status rules of the sync (P-22 project statuses): the AYON project's statuses follow ftrack's (matched by slug,
/// AYON-only ones kept at the end, states from ftrack's state), and an entity takes the status of its ftrack status name
/// where the status applies to its kind. Pure.
/// </summary>
public static class StatusRules
{
    /// <summary>The AYON state of the project statuses for the ftrack ones (existing ones matched by slug, AYON-only ones kept at the end).</summary>
    public static IReadOnlyList<ProjectStatusItem> DesiredStatuses(IReadOnlyList<FtrackStatusInfo> ftrack, IReadOnlyList<ProjectStatusItem> existing)
    {
        ArgumentNullException.ThrowIfNull(ftrack);
        ArgumentNullException.ThrowIfNull(existing);
        var result = new List<ProjectStatusItem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in ftrack)
        {
            var match = existing.FirstOrDefault(e => !used.Contains(e.Name)
                && string.Equals(SyncConventions.Slugify(e.Name), SyncConventions.Slugify(status.Name), StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                used.Add(match.Name);
            }

            result.Add(new ProjectStatusItem
            {
                Name = status.Name,
                ShortName = match?.ShortName,
                Icon = match?.Icon,
                State = StateOf(status.StateShort),
                Color = status.Color ?? match?.Color,
                Scope = status.Scope,
                OriginalName = match is not null && !string.Equals(match.Name, status.Name, StringComparison.Ordinal) ? match.Name : null,
            });
        }

        result.AddRange(existing.Where(e => !used.Contains(e.Name)));
        return result;
    }

    /// <summary>AYON state name of a ftrack state short name.</summary>
    public static string StateOf(string? stateShort) => stateShort?.ToUpperInvariant() switch
    {
        "BLOCKED" => "blocked",
        "IN_PROGRESS" => "in_progress",
        "DONE" => "done",
        _ => "not_started",
    };

    /// <summary>The project status named like the context's ftrack status (case-insensitive) that applies to its AYON entity type, or null.</summary>
    internal static string? For(FtrackContextInfo context, IReadOnlyList<ProjectStatusItem> statuses, string ayonEntityType) =>
        statuses.FirstOrDefault(s => string.Equals(s.Name, context.StatusName, StringComparison.OrdinalIgnoreCase)
            && (s.Scope is null || s.Scope.Contains(ayonEntityType)))?.Name;
}
