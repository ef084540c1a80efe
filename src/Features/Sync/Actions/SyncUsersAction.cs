using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>
/// "AYON Admin - Sync users to AYON" (Python origin: <c>action_sync_users.py</c>, P-11): offered on a single selected
/// project (it syncs all users, whatever the project) to users with a role of
/// <c>service_event_handlers.sync_users_from_ftrack.role_list</c>. The click shows a multi-select of AYON's access
/// groups (all preselected); the submission runs <see cref="UserSync"/> under an ftrack Job and gives the artists it
/// created the chosen groups: as default access groups, and on every AYON project that exists in ftrack and is public
/// (when the user has an all-projects role) or private with a role of the user on it. A submission without groups uses
/// all of them.
/// </summary>
public static partial class SyncUsersAction
{
    /// <summary>The action as ftrack shows it; identifier, label, variant and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "sync.users.from.ftrack.to.ayon",
        "AYON Admin",
        "- Sync users to AYON",
        "Synchronize users based on ftrack",
        SettingsKey: "sync_users_from_ftrack");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => ActionEvents.SingleProjectId(e) is not null) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>The click (no values: the form) or the submission (the chosen access groups).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    /// <summary>A ftrack project as the access rule needs it.</summary>
    public sealed record FtrackProjectAccess(string Id, string FullName, bool IsPrivate);

    /// <summary>A ftrack user's roles: whether one is for all projects, and the projects of the others.</summary>
    public sealed record FtrackUserAccess(string UserId, bool HasAllProjectsRole, IReadOnlySet<string> ProjectIds);

    /// <summary>Launches of this action on a single project.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ActionEvents.SingleProjectId(e) is not null ? new LaunchCommand(e, ActionEvents.Values(e)) : null;
    }

    /// <summary>The form: a multi-select of every access group, all selected.</summary>
    public static ActionResult Form(IReadOnlyList<string> accessGroups)
    {
        ArgumentNullException.ThrowIfNull(accessGroups);
        return ActionResult.Form(
            [
                new JsonObject { ["type"] = "label", ["value"] = "Select default access groups for artists" },
                new JsonObject
                {
                    ["type"] = "enumerator",
                    ["name"] = "access_groups",
                    ["data"] = new JsonArray([.. accessGroups.Select(g => (JsonNode)new JsonObject { ["value"] = g, ["label"] = g })]),
                    ["value"] = new JsonArray([.. accessGroups.Select(g => (JsonNode)JsonValue.Create(g))]),
                    ["multi_select"] = true,
                },
            ],
            "Default artist access groups");
    }

    /// <summary>The submitted groups (a list, or one string), or null when none were submitted.</summary>
    public static IReadOnlyList<string>? ChosenGroups(JsonObject? values) => values?["access_groups"] switch
    {
        JsonArray list => [.. list.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())],
        JsonValue one when one.GetValueKind() == JsonValueKind.String => [one.GetValue<string>()],
        _ => null,
    };

    /// <summary>
    /// An artist's <c>accessGroups</c>: <paramref name="groups"/> on every AYON project that exists in ftrack and is
    /// public (when the user has an all-projects role) or private with a role of the user on it.
    /// </summary>
    public static JsonObject ArtistAccess(IReadOnlyList<string> groups, IReadOnlySet<string> ayonProjects, IEnumerable<FtrackProjectAccess> ftrackProjects, FtrackUserAccess user)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(ayonProjects);
        ArgumentNullException.ThrowIfNull(ftrackProjects);
        ArgumentNullException.ThrowIfNull(user);
        var access = new JsonObject();
        foreach (var project in ftrackProjects.Where(p => ayonProjects.Contains(p.FullName)).OrderBy(p => p.FullName, StringComparer.Ordinal))
        {
            if (project.IsPrivate ? user.ProjectIds.Contains(project.Id) : user.HasAllProjectsRole)
            {
                access[project.FullName] = new JsonArray([.. groups.Select(g => (JsonNode)JsonValue.Create(g))]);
            }
        }

        return access;
    }

    /// <summary>The reply after the sync.</summary>
    public static ActionResult Summary(IReadOnlyList<UserWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var created = writes.Count(w => w.Create);
        return ActionResult.Message(true, writes.Count == 0
            ? "Sync users to AYON finished: AYON users were already up to date."
            : $"Sync users to AYON finished: {created} user(s) created, {writes.Count - created} updated.");
    }

    internal sealed partial class LaunchHandler(ActionRuntime actions, FtrackSession session, IAyonApi ayon, ILoggerFactory loggers, ILogger<LaunchHandler> logger) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            if (launch.Values is null || launch.Values.Count == 0)
            {
                return Form(await AllGroupsAsync(cancellationToken));
            }

            var groups = ChosenGroups(launch.Values) ?? await AllGroupsAsync(cancellationToken);
            var writes = await actions.RunWithJobAsync(launch.Event, "Sync users to AYON", async jobCt =>
            {
                var applied = await new UserSync(session, ayon, loggers.CreateLogger<UserSync>()).RunAsync(jobCt);
                await GrantArtistsAsync(applied, groups, jobCt);
                return applied;
            }, cancellationToken);
            return Summary(writes);
        }

        private async Task<IReadOnlyList<string>> AllGroupsAsync(CancellationToken cancellationToken) =>
            [.. (await ayon.GetAccessGroupsAsync("_", cancellationToken)).Select(g => g.Name)];

        private async Task GrantArtistsAsync(IReadOnlyList<UserWrite> writes, IReadOnlyList<string> groups, CancellationToken cancellationToken)
        {
            var artists = writes
                .Where(w => w.NeedsArtistAccess)
                .Select(w => (w.Name, w.FtrackId))
                .Where(w => w.FtrackId is not null)
                .ToList();
            if (artists.Count == 0)
            {
                return;
            }

            var ayonProjects = (await ayon.GetProjectsAsync(null, cancellationToken)).Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var projects = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.Project).Select("id", "full_name", "is_private"),
                e => new FtrackProjectAccess(e.Id, e.GetString("full_name") ?? "", e.GetBoolean("is_private") == true),
                cancellationToken);
            var roles = await session.QueryAsync(
                FtrackQuery.From("UserSecurityRole").Select("id", "user_id", "is_all_projects").Where(FtrackFilter.In("user_id", [.. artists.Select(a => a.FtrackId!)])),
                e => (e.Id, UserId: e.GetString("user_id"), All: e.GetBoolean("is_all_projects") == true),
                cancellationToken);
            var projectRoles = roles.Count == 0 ? [] : await session.QueryAsync(
                FtrackQuery.From("UserSecurityRoleProject").Select("id", "user_security_role_id", "project_id").Where(FtrackFilter.In("user_security_role_id", [.. roles.Select(r => r.Id)])),
                e => (RoleId: e.GetString("user_security_role_id"), ProjectId: e.GetString("project_id")),
                cancellationToken);
            foreach (var (name, ftrackId) in artists)
            {
                var own = roles.Where(r => r.UserId == ftrackId).ToList();
                var user = new FtrackUserAccess(
                    ftrackId!,
                    own.Any(r => r.All),
                    projectRoles.Where(p => own.Any(r => r.Id == p.RoleId) && p.ProjectId is not null).Select(p => p.ProjectId!).ToHashSet(StringComparer.Ordinal));
                await ayon.PatchUserAsync(name, new UserPatch
                {
                    Data = new JsonObject
                    {
                        ["defaultAccessGroups"] = new JsonArray([.. groups.Select(g => (JsonNode)JsonValue.Create(g))]),
                        ["accessGroups"] = ArtistAccess(groups, ayonProjects, projects, user),
                    },
                }, cancellationToken);
            }

            Log.Granted(logger, artists.Count, groups.Count);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "Sync users: {Artists} new or downgraded artists got {Groups} access groups")]
            public static partial void Granted(ILogger logger, int artists, int groups);
        }
    }
}
