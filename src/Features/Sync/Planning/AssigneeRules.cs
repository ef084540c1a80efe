using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;

namespace AyonFtrack.Features.Sync.Planning;

/// <summary>
/// The assignee rules of the sync: ftrack users map one-to-one to AYON users (e-mail first, then the ftrack username
/// before "@"), and a task's AYON assignees are its ftrack assignees that map, plus the AYON-only assignees it had. Pure.
/// </summary>
public static class AssigneeRules
{
    /// <summary>The AYON user names of ftrack users: e-mail first (case-insensitive), then the ftrack username before "@" against the lower-case AYON name; one-to-one.</summary>
    public static IReadOnlyDictionary<string, string> UserMapping(IReadOnlyList<UserNode> ayonUsers, IEnumerable<FtrackUserInfo> ftrackUsers)
    {
        ArgumentNullException.ThrowIfNull(ayonUsers);
        ArgumentNullException.ThrowIfNull(ftrackUsers);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var distinct = ftrackUsers.DistinctBy(u => u.Id).ToList();
        foreach (var user in distinct)
        {
            var byEmail = user.Email is { Length: > 0 } email
                ? ayonUsers.FirstOrDefault(a => !taken.Contains(a.Name) && string.Equals(a.Attrib.Email, email, StringComparison.OrdinalIgnoreCase))
                : null;
            if (byEmail is not null)
            {
                result[user.Id] = byEmail.Name;
                taken.Add(byEmail.Name);
            }
        }

        foreach (var user in distinct.Where(u => !result.ContainsKey(u.Id)))
        {
            var login = user.Username?.Split('@')[0].ToLowerInvariant();
            var byName = login is null ? null : ayonUsers.FirstOrDefault(a => !taken.Contains(a.Name) && string.Equals(a.Name, login, StringComparison.Ordinal));
            if (byName is not null)
            {
                result[user.Id] = byName.Name;
                taken.Add(byName.Name);
            }
        }

        return result;
    }

    /// <summary>The AYON assignees of a task: its current ones that no ftrack user maps to, then its mapped ftrack assignees.</summary>
    internal static List<string> Expected(string taskId, IReadOnlyList<string> current, FtrackProjectState ftrack, IReadOnlyDictionary<string, string> userMap)
    {
        var assigned = ftrack.AssigneesByTask.TryGetValue(taskId, out var users)
            ? users.Select(u => userMap.GetValueOrDefault(u.Id)).OfType<string>().ToList()
            : [];
        var ftrackMapped = userMap.Values.ToHashSet(StringComparer.Ordinal);
        return [.. current.Where(c => !ftrackMapped.Contains(c)).Concat(assigned).Distinct(StringComparer.Ordinal)];
    }
}
