using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Common.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// What the artist's action slices share around their own work (behaviour reference §3.3 for LocalAction): the role
/// check on <c>user_handlers.&lt;key&gt;</c> of the selection's project (an action is also off where the project's
/// ftrack switch is off), the launch flow that turns the slice's result — or its exception — into the reply ftrack
/// shows, and ftrack Jobs for progress (through <see cref="ActionRuntime"/>, on the artist's own session).
/// </summary>
public sealed partial class UserActionRuntime(ActionRuntime actions, ProjectScopes scopes, ILogger<UserActionRuntime> logger)
{
    /// <summary>The shared action I/O (user, roles, Jobs, messages).</summary>
    public ActionRuntime Actions => actions;

    /// <summary>The project the event's selection belongs to, or null.</summary>
    public Task<ProjectScope?> ProjectAsync(FtrackEvent e, CancellationToken cancellationToken) => scopes.ForEventAsync(e, cancellationToken);

    /// <summary>The role decision of the event's user for <paramref name="action"/>.</summary>
    public async Task<RoleDecision> CheckAsync(UserAction action, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.SettingsKey is null)
        {
            return RoleDecision.Allowed;
        }

        var scope = await scopes.ForEventAsync(e, cancellationToken);
        if (scope is { Enabled: false })
        {
            return RoleDecision.Disabled;
        }

        var settings = scope?.Settings ?? await scopes.SettingsForEventAsync(e, cancellationToken);
        return action.Decide(settings, await actions.UserRolesAsync(e, cancellationToken));
    }

    /// <summary>
    /// A launch: refused with a readable message when the role check fails; otherwise <paramref name="launch"/>'s result,
    /// normalised as the original normalises it. An exception becomes <c>{success:false, message}</c> naming the action
    /// and the error (the launch is the user's click: it is answered, not retried). Cancellation is not caught.
    /// </summary>
    public async Task<JsonObject?> LaunchAsync(UserAction action, FtrackEvent e, Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(launch);
        var menu = action.Menu(action.Identifier, null);
        try
        {
            var decision = await CheckAsync(action, e, cancellationToken);
            if (decision != RoleDecision.Allowed)
            {
                Log.Refused(logger, action.Identifier, e.Id, decision);
                return ActionReplies.Message(false, ActionRoles.Refusal(menu, decision));
            }

            return ActionReplies.Normalise(menu, await launch(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Failed(logger, action.Identifier, e.Id, ex);
            return ActionReplies.Failure(menu, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Desktop action {Action} refused for ftrack event {FtrackEventId}: {Decision}")]
        public static partial void Refused(ILogger logger, string action, string ftrackEventId, RoleDecision decision);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Desktop action {Action} failed for ftrack event {FtrackEventId}; the user was told")]
        public static partial void Failed(ILogger logger, string action, string ftrackEventId, Exception exception);
    }
}
