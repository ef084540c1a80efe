using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Transmit;

/// <summary>An ftrack user as the mapping reads it.</summary>
public sealed record FtrackUserRow(string Id, string Username, string? Email);

/// <summary>An AYON user as the mapping reads it: name, e-mail and the stored ftrack id (<c>data.ftrack.id</c>).</summary>
public sealed record AyonUserRow(string Name, string? Email, string? FtrackId);

/// <summary>
/// AYON user → ftrack user (behaviour reference §6, Users): the stored <c>data.ftrack.id</c>, else the e-mail
/// (case-insensitive), else the ftrack username before <c>@</c> against the AYON name. One-to-one: an ftrack user
/// claimed once is not given to a second AYON user.
/// </summary>
public static class FtrackUsers
{
    /// <summary>The pure mapping.</summary>
    public static IReadOnlyDictionary<string, string> Map(IReadOnlyList<AyonUserRow> ayonUsers, IReadOnlyList<FtrackUserRow> ftrackUsers)
    {
        ArgumentNullException.ThrowIfNull(ayonUsers);
        ArgumentNullException.ThrowIfNull(ftrackUsers);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var byId = ftrackUsers.ToDictionary(u => u.Id, StringComparer.Ordinal);
        foreach (var user in ayonUsers)
        {
            var match = (user.FtrackId is { } id && byId.TryGetValue(id, out var stored) ? stored : null)
                ?? ftrackUsers.FirstOrDefault(f => !claimed.Contains(f.Id) && user.Email is { Length: > 0 } && string.Equals(f.Email, user.Email, StringComparison.OrdinalIgnoreCase))
                ?? ftrackUsers.FirstOrDefault(f => !claimed.Contains(f.Id) && string.Equals(f.Username.Split('@')[0], user.Name, StringComparison.OrdinalIgnoreCase));
            if (match is not null && claimed.Add(match.Id))
            {
                result[user.Name] = match.Id;
            }
        }

        return result;
    }

    /// <summary>Reads the named AYON users and every ftrack user and maps them.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> MapAsync(IAyonApi ayon, FtrackSession session, IReadOnlyCollection<string> ayonNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ayonNames);
        if (ayonNames.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var ayonUsers = new List<AyonUserRow>();
        foreach (var name in ayonNames.Distinct(StringComparer.Ordinal))
        {
            var response = await ayon.GetUserAsync(name, cancellationToken);
            if (response.IsSuccessful && response.Content is { } user)
            {
                ayonUsers.Add(new AyonUserRow(user.Name, AyonChange.Text(user.Attrib["email"]), AyonChange.Text(user.Data["ftrack"]?["id"])));
            }
        }

        var ftrackUsers = await session.QueryAsync(
            FtrackQuery.From("User").Select("id", "username", "email"),
            r => new FtrackUserRow(r.Id, r.GetString("username") ?? "", r.GetString("email")),
            cancellationToken);
        return Map(ayonUsers, ftrackUsers);
    }
}
