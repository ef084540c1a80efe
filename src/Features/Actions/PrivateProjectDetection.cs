using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "Missing permissions (AYON)" (Python origin: <c>action_private_project_detection.py</c>, P-06): offered only when
/// something is selected and the service user can load none of it (a private project the service user is not a member
/// of), so the user learns why no other AYON action shows up. Launching it shows a form naming the service user; the
/// form's submission ("Got it") is acknowledged with no reply.
/// </summary>
public static class PrivateProjectDetection
{
    /// <summary>The action as ftrack shows it; the identifier is the original's.</summary>
    public static readonly ServerAction Action = new("ayon.server.missing.perm.private.project", "Missing permissions (AYON)");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, ServerActionDescriptor.AnySelection) { Check = UnreadableAsync };

    /// <summary>Show the explanation (no values yet) or acknowledge it (values submitted).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : IActionLaunch;

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new LaunchCommand(e, ActionEvents.Values(e));
    }

    /// <summary>
    /// Whether to offer the action: at least one selected item has a type the service can query, and none of those
    /// could be loaded. Items of unknown types say nothing either way.
    /// </summary>
    public static bool Decide(int queryableItems, int loadedItems) => queryableItems > 0 && loadedItems == 0;

    /// <summary>The launch's answer: the explanation form on a click, nothing once the user acknowledged it.</summary>
    public static ActionResult Respond(JsonObject? values, string serviceUser) => values is not null
        ? ActionResult.None
        : ActionResult.Form(
            [
                new JsonObject
                {
                    ["type"] = "label",
                    ["value"] = $"The AYON service user <b>{serviceUser}</b> cannot read this project, so AYON cannot work with it.",
                },
                new JsonObject
                {
                    ["type"] = "label",
                    ["value"] = "Ask a project manager to add that user to the project (or make the project public) to use the AYON actions here.",
                },
                new JsonObject { ["type"] = "hidden", ["name"] = "acknowledged", ["value"] = true },
            ],
            title: "Missing permissions",
            submitButtonLabel: "Got it");

    /// <summary>The discover check: the selected entities of queryable types are read as the service user (see <see cref="Decide"/>).</summary>
    public static async Task<bool> UnreadableAsync(FtrackSession session, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var queryable = 0;
        var loaded = 0;
        foreach (var group in EventProject.Selection(e).GroupBy(s => EventProject.QueryTypeOf(s.EntityType)))
        {
            if (group.Key is null)
            {
                continue;
            }

            var ids = group.Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            queryable += ids.Count;
            var found = await session.QueryAsync(FtrackQuery.From(group.Key).Select("id").Where(FtrackFilter.In("id", ids)), cancellationToken);
            loaded += found.Count;
        }

        return Decide(queryable, loaded);
    }

    internal sealed class LaunchHandler(FtrackConnection connection) : IServerActionLauncher<LaunchCommand>
    {
        public Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken) =>
            Task.FromResult(Respond(launch.Values, connection.Current?.ApiUser ?? "(unknown)"));
    }
}
