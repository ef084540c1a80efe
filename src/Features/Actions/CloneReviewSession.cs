using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "Clone Review Session (AYON)" (Python origin: <c>action_clone_review_session.py</c>, P-01): offered on exactly one
/// selected ReviewSession to users with a role of <c>clone_review_session.role_list</c>; makes "Clone of &lt;name&gt;" in
/// the same project with the same invitees (name, e-mail) and objects (name, version, AssetVersion), in one commit under
/// an ftrack Job. Fix against the original (§7): a failed clone answers a failure (the original always answered
/// success), and the job says why.
/// </summary>
public static partial class CloneReviewSession
{
    /// <summary>The action as ftrack shows it; identifier, label and settings key are the original's.</summary>
    public static readonly ServerAction Action = new("ayon.clone-review-session", "Clone Review Session (AYON)", SettingsKey: "clone_review_session");

    /// <summary>Offered on exactly one selected review session.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => ReviewSessionOf(e) is not null);

    /// <summary>Clone the selected review session.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, string ReviewSessionId) : IActionLaunch;

    /// <summary>A launch on one review session.</summary>
    public static LaunchCommand? Launch(FtrackEvent e) => ReviewSessionOf(e) is { } id ? new LaunchCommand(e, id) : null;

    /// <summary>The id of the only selected item when it is a review session; null otherwise.</summary>
    public static string? ReviewSessionOf(FtrackEvent e)
    {
        var selection = EventProject.Selection(e);
        return selection.Count == 1 && EventProject.QueryTypeOf(selection[0].EntityType) == "ReviewSession" ? selection[0].EntityId : null;
    }

    /// <summary>The name of the clone.</summary>
    public static string CloneName(string? name) => $"Clone of {name}";

    internal sealed partial class LaunchHandler(ActionRuntime actions, FtrackSession session, ILogger<LaunchHandler> logger) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            var clone = await actions.RunWithJobAsync(launch.Event, "Cloning Review Session.", ct => CloneAsync(launch.ReviewSessionId, ct), cancellationToken);
            Log.Cloned(logger, launch.ReviewSessionId, clone);
            return ActionResult.Message(true, "Action completed successfully");
        }

        private async Task<string> CloneAsync(string reviewSessionId, CancellationToken cancellationToken)
        {
            var rows = await FtrackBatch.QueryAsync(session,
            [
                FtrackQuery.From("ReviewSession").Select("id", "name", "description", "start_date", "end_date", "project_id").Where(FtrackFilter.Is("id", reviewSessionId)),
                FtrackQuery.From("ReviewSessionInvitee").Select("id", "name", "email").Where(FtrackFilter.Is("review_session_id", reviewSessionId)),
                FtrackQuery.From("ReviewSessionObject").Select("id", "name", "description", "version", "version_id", "sort_order").Where(FtrackFilter.Is("review_session_id", reviewSessionId)),
            ], cancellationToken);
            var source = rows[0].Count == 1 ? rows[0][0] : throw new InvalidOperationException($"Review session {reviewSessionId} does not exist.");
            var clone = session.Create("ReviewSession", new Dictionary<string, object?>
            {
                ["name"] = CloneName(source.GetString("name")),
                ["description"] = source.GetString("description") ?? "",
                ["start_date"] = source["start_date"],
                ["end_date"] = source["end_date"],
                ["project_id"] = source.GetString("project_id"),
            });
            foreach (var invitee in rows[1])
            {
                session.Create("ReviewSessionInvitee", new Dictionary<string, object?>
                {
                    ["name"] = invitee.GetString("name"), ["email"] = invitee.GetString("email") ?? "", ["review_session_id"] = clone.Id,
                });
            }

            foreach (var item in rows[2])
            {
                session.Create("ReviewSessionObject", new Dictionary<string, object?>
                {
                    ["name"] = item.GetString("name"),
                    ["description"] = item.GetString("description") ?? "",
                    ["version"] = item["version"],
                    ["version_id"] = item.GetString("version_id"),
                    ["sort_order"] = item["sort_order"],
                    ["review_session_id"] = clone.Id,
                });
            }

            await session.CommitAsync(cancellationToken);
            return clone.Id;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 8031, Level = LogLevel.Information, Message = "Review session {Source} cloned as {Clone}")]
            public static partial void Cloned(ILogger logger, string source, string clone);
        }
    }
}
