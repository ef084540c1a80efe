using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>The status of an ftrack <c>Job</c> that shows an action's progress in the web UI.</summary>
public enum ActionJobStatus
{
    Running,
    Done,
    Failed,
}

/// <summary>
/// The shared I/O of server actions (behaviour reference §3.1, §3.3): the role check and offer of the one discover
/// route, the launch flow around an action's own launcher, replies to the event's source, messages and widgets for the
/// user, the user's roles, and ftrack <c>Job</c> entities for progress. A slice's handler takes it like any other dependency (scoped: it uses the slice's
/// <see cref="FtrackSession"/>). Replies go out on the hub; the processor never receives events from it.
/// </summary>
public sealed partial class ActionRuntime(
    IFtrackEventHub hub, FtrackSession session, FtrackConnection connection, ProjectContexts projects, EventContext context, ILogger<ActionRuntime> logger)
{
    /// <summary>The target of UI triggers: the ftrack web client of the event's user.</summary>
    public static string UserInterfaceTarget(string userId) =>
        $"applicationId=ftrack.client.web and user.id=\"{userId.Replace("\"", "", StringComparison.Ordinal)}\"";

    /// <summary>
    /// Discover's role check: true when the user passes <paramref name="action"/>'s role rule on the event's project. A
    /// refusal is logged and offers nothing (the menu just lacks the action).
    /// </summary>
    public async Task<bool> MayOfferAsync(ServerAction action, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        var decision = await CheckRolesAsync(action, e, cancellationToken);
        if (decision != RoleDecision.Allowed)
        {
            Log.NotOffered(logger, action.Identifier, e.Id, decision);
            return false;
        }

        return true;
    }

    /// <summary>Replies <paramref name="action"/>'s menu item to the discover event <paramref name="e"/>.</summary>
    public async Task OfferAsync(ServerAction action, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        await hub.ReplyAsync(e, action.DiscoverReply(), cancellationToken);
        Log.Offered(logger, action.Identifier, e.Id);
    }

    /// <summary>
    /// Launch: the role check (a refusal is replied), then <paramref name="launch"/>, whose result is normalised and
    /// replied. A launch that throws is replied as <c>{success:false, message}</c> and logged; it does not fail the job,
    /// because running a user's click again later through job retries would surprise the user, who has the answer and can
    /// launch again. Cancellation (shutdown) is not caught.
    /// </summary>
    public async Task LaunchAsync(ServerAction action, FtrackEvent e, Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(launch);
        JsonObject? reply;
        try
        {
            var decision = ActionRoles.ForLaunch(await CheckRolesAsync(action, e, cancellationToken), IsServiceUser(e));
            if (decision != RoleDecision.Allowed)
            {
                Log.Refused(logger, action.Identifier, e.Id, decision);
                reply = ActionReplies.Message(false, ActionRoles.Refusal(action, decision));
            }
            else
            {
                reply = ActionReplies.Normalise(action, await launch(cancellationToken));
                session.Rollback();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            session.Rollback();
            Log.LaunchFailed(logger, action.Identifier, e.Id, ex);
            reply = ActionReplies.Failure(action, ex);
        }

        if (reply is not null)
        {
            await hub.ReplyAsync(e, reply, cancellationToken);
        }
    }

    /// <summary>
    /// True when the event's source user is the service's own ftrack user: the launches the service publishes itself
    /// (the leecher-started resync, Prepare Project's follow-up sync) carry it.
    /// </summary>
    public bool IsServiceUser(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return connection.Current?.ApiUser is { Length: > 0 } apiUser
            && string.Equals(e.SourceUsername, apiUser, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The role decision for the event's user on the event's project (studio settings when no project is selected);
    /// disabled when the project's ftrack switch is off.
    /// </summary>
    public async Task<RoleDecision> CheckRolesAsync(ServerAction action, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.SettingsKey is null && action.DefaultRoles is not { Count: > 0 })
        {
            return RoleDecision.Allowed;
        }

        // Unlike the original (reference §7.2), an action is also off in a project whose ftrack switch (enabled) is off.
        var project = await projects.ForEventAsync(e, cancellationToken);
        if (project is { Enabled: false })
        {
            return RoleDecision.Disabled;
        }

        var settings = project?.Settings ?? await projects.SettingsForEventAsync(e, cancellationToken);
        return ActionRoles.Decide(action, settings, await UserRolesAsync(e, cancellationToken));
    }

    /// <summary>The ftrack security role names of the event's user (found by <c>source.user.id</c>, else by username).</summary>
    public async Task<IReadOnlyList<string>> UserRolesAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Every action answering one discover event runs in its own scope; they share one lookup through the event's context.
        var key = "action-user-roles:" + e.Id;
        if (context.Find<IReadOnlyList<string>>(key) is { } cached)
        {
            return cached;
        }

        var roles = await ReadUserRolesAsync(e, cancellationToken);
        context.Set(key, roles);
        return roles;
    }

    private async Task<IReadOnlyList<string>> ReadUserRolesAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(e, cancellationToken);
        if (userId is null)
        {
            return [];
        }

        var links = await session.QueryAsync(
            FtrackQuery.From("UserSecurityRole").Select("id", "security_role_id").Where(FtrackFilter.Is("user_id", userId)), cancellationToken);
        var roleIds = links.Select(l => l.GetString("security_role_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (roleIds.Count == 0)
        {
            return [];
        }

        var roles = await session.QueryAsync(FtrackQuery.From("SecurityRole").Select("id", "name").Where(FtrackFilter.In("id", roleIds)), cancellationToken);
        return [.. roles.Select(r => r.GetString("name")).OfType<string>()];
    }

    /// <summary>The ftrack id of the event's user: <c>source.user.id</c> when that user exists, else the user named <c>source.user.username</c>.</summary>
    public async Task<string?> UserIdAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.SourceUserId is { Length: > 0 } id
            && await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id").Where(FtrackFilter.Is("id", id)), cancellationToken) is { } byId)
        {
            return byId.Id;
        }

        if (e.SourceUsername is { Length: > 0 } username)
        {
            var byName = await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id").Where(FtrackFilter.Is("username", username)), cancellationToken);
            return byName?.Id;
        }

        return null;
    }

    /// <summary>Shows <c>{type:"message", success, message}</c> to the event's user in the web UI.</summary>
    public Task ShowMessageAsync(FtrackEvent e, bool success, string message, CancellationToken cancellationToken) =>
        ShowAsync(e, new JsonObject { ["type"] = "message", ["success"] = success, ["message"] = message }, cancellationToken);

    /// <summary>Shows a widget (<c>{type:"widget", items, title, submit_button_label?}</c>) to the event's user.</summary>
    public Task ShowInterfaceAsync(FtrackEvent e, IEnumerable<JsonObject> items, string title, string? submitButtonLabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var data = new JsonObject
        {
            ["type"] = "widget",
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]),
            ["title"] = title,
        };
        if (submitButtonLabel is not null)
        {
            data["submit_button_label"] = submitButtonLabel;
        }

        return ShowAsync(e, data, cancellationToken);
    }

    /// <summary>Creates a <c>running</c> ftrack Job for the event's user with <c>data = {"description": ...}</c>; returns its id.</summary>
    public async Task<string> StartJobAsync(FtrackEvent e, string description, CancellationToken cancellationToken)
    {
        var userId = await UserIdAsync(e, cancellationToken);
        var data = new Dictionary<string, object?>
        {
            ["status"] = "running",
            ["data"] = JobData(description),
        };
        if (userId is not null)
        {
            data["user_id"] = userId;
        }

        var job = session.Create(FtrackEntityTypes.Job, data);
        await session.CommitAsync(cancellationToken);
        return job.Id;
    }

    /// <summary>Sets a Job's status and description (e.g. <c>done</c> when the action finished, <c>failed</c> when it did not).</summary>
    public async Task UpdateJobAsync(string jobId, ActionJobStatus status, string description, CancellationToken cancellationToken)
    {
        session.Update(FtrackEntityRef.Of(FtrackEntityTypes.Job, jobId), new Dictionary<string, object?>
        {
            ["status"] = status.ToString().ToLowerInvariant(),
            ["data"] = JobData(description),
        });
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> under an ftrack Job: <c>running</c> first, <c>done</c> when it returns, <c>failed</c>
    /// (and the exception rethrown) when it throws.
    /// </summary>
    public async Task<T> RunWithJobAsync<T>(FtrackEvent e, string description, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var jobId = await StartJobAsync(e, description, cancellationToken);
        T result;
        try
        {
            result = await work(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            session.Rollback();
            await UpdateJobAsync(jobId, ActionJobStatus.Failed, $"{description}: failed ({ex.Message})", cancellationToken);
            throw;
        }

        await UpdateJobAsync(jobId, ActionJobStatus.Done, description, cancellationToken);
        return result;
    }

    private async Task ShowAsync(FtrackEvent e, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var userId = e.SourceUserId ?? await UserIdAsync(e, cancellationToken)
            ?? throw new InvalidOperationException($"ftrack event {e.Id} has no user to show a message to.");
        await hub.PublishAsync(
            FtrackEvent.Create(Guid.NewGuid().ToString("N"), ServerAction.UserInterfaceTopic, data, target: UserInterfaceTarget(userId)),
            cancellationToken);
    }

    private static string JobData(string description) => new JsonObject { ["description"] = description }.ToJsonString();

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Debug, Message = "Action {Action} offered for ftrack event {FtrackEventId}")]
        public static partial void Offered(ILogger logger, string action, string ftrackEventId);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Action {Action} not offered for ftrack event {FtrackEventId}: {Decision}")]
        public static partial void NotOffered(ILogger logger, string action, string ftrackEventId, RoleDecision decision);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Action {Action} refused for ftrack event {FtrackEventId}: {Decision}")]
        public static partial void Refused(ILogger logger, string action, string ftrackEventId, RoleDecision decision);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Action {Action} failed for ftrack event {FtrackEventId}; the user was told")]
        public static partial void LaunchFailed(ILogger logger, string action, string ftrackEventId, Exception exception);
    }
}
