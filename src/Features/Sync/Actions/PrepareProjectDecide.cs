using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Sync.Planning;

namespace AyonFtrack.Features.Sync.Actions;

/// <summary>The wizard's pure decisions (<see cref="PrepareProject"/>): the name step, the "already exists" step, whose access groups are cleared, and whether the sync is launched.</summary>
public static partial class PrepareProject
{
    /// <summary>
    /// Step 1: nothing to do when name and code are their own slugs; otherwise the rename form (on the click, or again
    /// with the entered values when they are still invalid), a failure when the user chose to skip, or the new names.
    /// </summary>
    public static NameStep DecideName(string fullName, string code, JsonObject? values)
    {
        var nameHint = SyncConventions.Slugify(fullName) is var n && n != fullName ? n : null;
        var codeHint = SyncConventions.Slugify(code) is var c && c != code ? c : null;
        if (nameHint is null && codeHint is null)
        {
            return new NameStep(null, null, null);
        }

        if (values is null || values.Count == 0)
        {
            return new NameStep(RenameForm(fullName, code, nameHint, codeHint, null, null), null, null);
        }

        if (Str(values, "invalid_name_action") is null or "skip_prep")
        {
            return new NameStep(ActionResult.Message(false, "Project was <b>not</b> prepared in AYON."), null, null);
        }

        var newName = Str(values, "new_project_name");
        var newCode = Str(values, "new_project_code");
        var nameValid = newName is null ? nameHint is null : SyncConventions.Slugify(newName) == newName && newName.Length > 0;
        var codeValid = newCode is null ? codeHint is null : SyncConventions.Slugify(newCode) == newCode && newCode.Length > 0;
        return nameValid && codeValid
            ? new NameStep(null, newName, newCode)
            : new NameStep(RenameForm(fullName, code, nameHint, codeHint, newName, newCode), null, null);
    }

    /// <summary>Step 2: the "already exists" reply when AYON has a project with the same name or code; else null.</summary>
    public static ActionResult? DecideExisting(string fullName, string code, IEnumerable<ProjectListItem> ayonProjects)
    {
        ArgumentNullException.ThrowIfNull(ayonProjects);
        var projects = ayonProjects.ToList();
        var clash = projects.Any(p => p.Name == fullName) ? $"name '{fullName}'"
            : projects.Any(p => p.Code == code) ? $"code '{code}'"
            : null;
        return clash is null ? null : ActionResult.Message(true, $"Project {clash} already exists in AYON.");
    }

    /// <summary>
    /// The AYON users whose access groups on a private project are cleared: artists (not admin, manager or service)
    /// except those mapped (e-mail, then login) to a ftrack user with a role on the project. A public project clears
    /// nobody. This is the original's intent; its filter was inverted and cleared every artist (§7).
    /// </summary>
    public static IReadOnlyList<string> UsersToClean(bool isPrivate, IReadOnlyList<AyonUserRoles> ayonUsers, IReadOnlyList<FtrackUserInfo> ftrackUsersWithProjectRole)
    {
        ArgumentNullException.ThrowIfNull(ayonUsers);
        ArgumentNullException.ThrowIfNull(ftrackUsersWithProjectRole);
        if (!isPrivate)
        {
            return [];
        }

        var artists = ayonUsers.Where(u => !u.IsAdmin && !u.IsManager && !u.IsService).ToList();
        var nodes = artists.Select(u => new UserNode { Name = u.Name, Attrib = new UserNodeAttrib { Email = u.Email } }).ToList();
        var keep = AssigneeRules.UserMapping(nodes, ftrackUsersWithProjectRole).Values.ToHashSet(StringComparer.Ordinal);
        return [.. artists.Select(u => u.Name).Where(name => !keep.Contains(name))];
    }

    /// <summary>Whether to launch "Sync to AYON" after the project was created: always, unless this action turned auto-sync from off to on (that change starts the sync).</summary>
    public static bool LaunchSync(bool autoSyncChosen, bool autoSyncWasOn) => !autoSyncChosen || autoSyncWasOn;
}
