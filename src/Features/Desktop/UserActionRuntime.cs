using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// What the artist's action slices share around their own work (behaviour reference §3.3 for LocalAction): the role
/// check on <c>user_handlers.&lt;key&gt;</c> of the selection's project (an action is also off where the project's
/// ftrack switch is off), and ftrack Jobs for progress (through <see cref="ActionRuntime"/>, on the artist's own
/// session). Replies go through <see cref="LocalActionRuntime"/>.
/// </summary>
public sealed partial class UserActionRuntime(
    ActionRuntime actions, LocalActionRuntime local, ProjectContexts scopes, FtrackSession session, IOptions<AyonOptions> ayonOptions, ILogger<UserActionRuntime> logger)
{
    /// <summary>The shared action I/O (user, roles, Jobs, messages).</summary>
    public ActionRuntime Actions => actions;

    /// <summary>The project the event's selection belongs to, or null.</summary>
    public Task<ProjectContext?> ProjectAsync(FtrackEvent e, CancellationToken cancellationToken) => scopes.ForEventAsync(e, cancellationToken);

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
    /// A role-checked artist action's whole handler: <paramref name="command"/>'s step run as
    /// <see cref="RunAsync(LocalActionRuntime, UserAction, FtrackEvent, LocalActionStep, Func{IReadOnlyList{EventProject.SelectionItem}, bool}, Func{FtrackEvent, CancellationToken, Task{ActionResult}}, CancellationToken)"/>
    /// does, so a slice's <c>Handle</c> is this one call and the slice keeps only its decision (<paramref name="applies"/>) and its work (<paramref name="launch"/>).
    /// </summary>
    public async Task<Unit> RunAsync(UserAction action, ILocalActionCommand command, Func<IReadOnlyList<EventProject.SelectionItem>, bool> applies,
        Func<FtrackEvent, CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await RunAsync(local, action, command.Event, command.Step, applies, launch, cancellationToken);
        return Unit.Value;
    }

    /// <summary>
    /// One step of a role-checked artist action: a discover offers <paramref name="action"/> where the selection
    /// <paramref name="applies"/> and the user may run it; a launch runs <paramref name="launch"/> behind the same check
    /// (<see cref="GuardAsync"/>), its reply sent by <paramref name="local"/>.
    /// </summary>
    public Task RunAsync(LocalActionRuntime local, UserAction action, FtrackEvent e, LocalActionStep step,
        Func<IReadOnlyList<EventProject.SelectionItem>, bool> applies, Func<FtrackEvent, CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(applies);
        ArgumentNullException.ThrowIfNull(launch);
        return local.RunAsync(action.MenuWithIcon(ayonOptions.Value), e, step,
            async ct => applies(EventProject.Selection(e)) && await CheckAsync(action, e, ct) == RoleDecision.Allowed,
            ct => GuardAsync(action, e, guarded => launch(e, guarded), ct),
            cancellationToken);
    }

    /// <summary>
    /// A launch guarded by the role check: a readable refusal when the user may not run <paramref name="action"/>,
    /// otherwise <paramref name="launch"/>'s result (whose exceptions the local action runtime turns into the reply).
    /// </summary>
    public async Task<ActionResult> GuardAsync(UserAction action, FtrackEvent e, Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(launch);
        var decision = await CheckAsync(action, e, cancellationToken);
        if (decision != RoleDecision.Allowed)
        {
            Log.Refused(logger, action.Menu.Identifier, e.Id, decision);
            return ActionResult.Message(false, ActionRoles.Refusal(action.Menu.Menu, decision));
        }

        return await launch(cancellationToken);
    }

    /// <summary>
    /// Runs an action's work under an ftrack Job of the event's user: <c>running</c> with <paramref name="description"/>
    /// first; then <c>done</c> (or <c>failed</c> when <see cref="JobOutcome.Failed"/>) with the outcome's own text, so the
    /// Job tells what happened; <c>failed</c> with the error (the session's pending changes dropped) when the work throws,
    /// the exception rethrown for the reply.
    /// </summary>
    public async Task<ActionResult> RunJobAsync(FtrackEvent e, string description, Func<CancellationToken, Task<JobOutcome>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var jobId = await actions.StartJobAsync(e, description, cancellationToken);
        JobOutcome outcome;
        try
        {
            outcome = await work(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            session.Rollback();
            await actions.UpdateJobAsync(jobId, ActionJobStatus.Failed, $"{description} failed: {ex.Message}", cancellationToken);
            throw;
        }

        await actions.UpdateJobAsync(jobId, outcome.Failed ? ActionJobStatus.Failed : ActionJobStatus.Done, outcome.JobText, cancellationToken);
        return outcome.Result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9510, Level = LogLevel.Warning, Message = "Desktop action {Action} refused for ftrack event {FtrackEventId}: {Decision}")]
        public static partial void Refused(ILogger logger, string action, string ftrackEventId, RoleDecision decision);
    }
}

/// <summary>What a Job's work ended with: the reply, the Job's final description, and whether the Job failed.</summary>
public sealed record JobOutcome(ActionResult Result, string JobText, bool Failed = false);
