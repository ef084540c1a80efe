using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Sync;

/// <summary>A ftrack user with the names of its all-projects security roles.</summary>
public sealed record FtrackUserWithRoles(string Id, string Username, string? Email, string? FullName, bool Active, IReadOnlyList<string> AllProjectRoles);

/// <summary>An AYON user as the user sync compares it (<see cref="FtrackId"/> from <c>data.ftrack.id</c>).</summary>
public sealed record AyonUserInfo(string Name, string? Email, string? FullName, bool Active, bool IsAdmin, bool IsManager, string? FtrackId);

/// <summary>One AYON user write: a create (<c>PUT</c>) or a patch of differences.</summary>
public sealed record UserWrite(string Name, bool Create, bool? Active, JsonObject? Attrib, JsonObject? Data)
{
    /// <summary>
    /// The user is an artist after this write and needs artist access groups: a new artist, or an admin or manager
    /// downgraded to artist (roles are not recomputed otherwise, as in the original).
    /// </summary>
    public bool NeedsArtistAccess { get; init; }

    /// <summary>The ftrack user this write comes from.</summary>
    public string? FtrackId { get; init; }
}

/// <summary>
/// The pure decision of P-11 (Sync users from ftrack): map ftrack users to AYON users (§6: e-mail first, then login),
/// create the unmapped ones, patch only the differences of the mapped ones. Fix against the original (§7): the manager
/// flag is written as <c>isManager</c>, not the misspelt <c>isManger</c>, so managers really become managers.
/// Access groups for artists are not handled here (<see cref="UserWrite.NeedsArtistAccess"/> says who needs them).
/// </summary>
public static class UserSyncDecide
{
    /// <summary>Administrator → admin; Project Manager → manager (never downgrades an admin); else artist.</summary>
    public static (bool IsAdmin, bool IsManager) RoleOf(IEnumerable<string> allProjectRoles)
    {
        ArgumentNullException.ThrowIfNull(allProjectRoles);
        var roles = allProjectRoles.ToList();
        var admin = roles.Contains("Administrator", StringComparer.OrdinalIgnoreCase);
        var manager = !admin && roles.Contains("Project Manager", StringComparer.OrdinalIgnoreCase);
        return (admin, manager);
    }

    /// <summary>The writes that make AYON's users match ftrack's.</summary>
    public static IReadOnlyList<UserWrite> Plan(IReadOnlyList<FtrackUserWithRoles> ftrackUsers, IReadOnlyList<AyonUserInfo> ayonUsers)
    {
        ArgumentNullException.ThrowIfNull(ftrackUsers);
        ArgumentNullException.ThrowIfNull(ayonUsers);
        var nodes = ayonUsers.Select(u => new UserNode { Name = u.Name, Attrib = new UserNodeAttrib { Email = u.Email } }).ToList();
        var mapping = AssigneeRules.UserMapping(nodes, ftrackUsers.Select(u => new FtrackUserInfo(u.Id, u.Username, u.Email)));
        var byName = ayonUsers.ToDictionary(u => u.Name, StringComparer.Ordinal);
        var writes = new List<UserWrite>();
        foreach (var user in ftrackUsers)
        {
            var (isAdmin, isManager) = RoleOf(user.AllProjectRoles);
            var ftrack = new JsonObject { ["id"] = user.Id, ["username"] = user.Username };
            if (!mapping.TryGetValue(user.Id, out var name))
            {
                var login = user.Username.Split('@')[0].ToLowerInvariant();
                if (byName.ContainsKey(login) || writes.Any(w => w.Name == login))
                {
                    continue;
                }

                writes.Add(new UserWrite(login, true, user.Active,
                    new JsonObject { ["email"] = user.Email, ["fullName"] = user.FullName },
                    new JsonObject { ["ftrack"] = ftrack, ["isAdmin"] = isAdmin, ["isManager"] = isManager })
                {
                    NeedsArtistAccess = !isAdmin && !isManager,
                    FtrackId = user.Id,
                });
                continue;
            }

            var current = byName[name];
            var data = new JsonObject();
            if (current.FtrackId != user.Id)
            {
                data["ftrack"] = ftrack;
            }

            if (current.IsAdmin != isAdmin)
            {
                data["isAdmin"] = isAdmin;
            }

            if (current.IsManager != isManager && !isAdmin)
            {
                data["isManager"] = isManager;
            }

            var attrib = new JsonObject();
            if (user.Email is not null && !string.Equals(current.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            {
                attrib["email"] = user.Email;
            }

            if (!string.IsNullOrWhiteSpace(user.FullName) && !string.Equals(current.FullName, user.FullName, StringComparison.Ordinal))
            {
                attrib["fullName"] = user.FullName;
            }

            bool? active = current.Active != user.Active ? user.Active : null;
            var downgraded = (current.IsAdmin || current.IsManager) && !isAdmin && !isManager;
            if (data.Count > 0 || attrib.Count > 0 || active is not null)
            {
                writes.Add(new UserWrite(name, false, active, attrib.Count > 0 ? attrib : null, data.Count > 0 ? data : null) { NeedsArtistAccess = downgraded, FtrackId = user.Id });
            }
        }

        return writes;
    }
}

/// <summary>
/// P-11 Sync users from ftrack as a plain class (for the action room to call): reads ftrack users (not service or demo)
/// with their all-projects roles and the AYON users, then applies <see cref="UserSyncDecide.Plan"/>.
/// </summary>
public sealed partial class UserSync(FtrackSession session, IAyonApi ayon, ILogger<UserSync> logger)
{
    /// <summary>Runs the user sync; returns the writes applied.</summary>
    public async Task<IReadOnlyList<UserWrite>> RunAsync(CancellationToken cancellationToken)
    {
        var users = await session.QueryAsync(
            FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username", "email", "first_name", "last_name", "is_active", "user_type.name"),
            e => (User: FtrackUser.From(e), Type: e.GetEntity("user_type")?.GetString("name")),
            cancellationToken);
        var roles = await session.QueryAsync(
            FtrackQuery.From("UserSecurityRole").Select("user_id", "is_all_projects", "security_role.name"),
            e => (UserId: e.GetString("user_id"), All: e.GetBoolean("is_all_projects") == true, Role: e.GetEntity("security_role")?.GetString("name")),
            cancellationToken);
        // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); the name is composed, the roles filtered.
        var ftrackUsers = users
            .Where(u => u.Type is not ("service" or "demo") && u.User.Username is not null)
            .Select(u => new FtrackUserWithRoles(
                u.User.Id,
                u.User.Username!,
                u.User.Email,
                $"{u.User.FirstName} {u.User.LastName}".Trim(),
                u.User.IsActive != false,
                [.. roles.Where(r => r.UserId == u.User.Id && r.All && r.Role is not null).Select(r => r.Role!)]))
            .ToList();

        var ayonUsers = new List<AyonUserInfo>();
        foreach (var node in await ayon.ListUsersAsync(new UserFilter(), cancellationToken))
        {
            var full = await ayon.GetUserAsync(node.Name, cancellationToken);
            // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); the ftrack id comes from a second read.
            var ftrackId = full.IsSuccessful && full.Content?.Data["ftrack"]?["id"] is JsonValue id ? id.ToString() : null;
            ayonUsers.Add(new AyonUserInfo(node.Name, node.Attrib.Email, node.Attrib.FullName, node.Active, node.IsAdmin, node.IsManager, ftrackId));
        }

        var writes = UserSyncDecide.Plan(ftrackUsers, ayonUsers);
        foreach (var write in writes)
        {
            if (write.Create)
            {
                var response = await ayon.CreateUserAsync(write.Name, new UserCreate { Active = write.Active ?? true, Attrib = write.Attrib ?? [], Data = write.Data ?? [] }, cancellationToken);
                if (!response.IsSuccessful)
                {
                    Log.CreateFailed(logger, write.Name, response.StatusCode is { } code ? (int)code : 0);
                }
            }
            else
            {
                await ayon.PatchUserAsync(write.Name, new UserPatch { Active = write.Active, Attrib = write.Attrib, Data = write.Data }, cancellationToken);
            }
        }

        Log.Synced(logger, writes.Count);
        return writes;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "User sync from ftrack: {Writes} AYON user writes")]
        public static partial void Synced(ILogger logger, int writes);

        [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "User sync could not create AYON user {User}: HTTP {Status}")]
        public static partial void CreateFailed(ILogger logger, string user, int status);
    }
}
