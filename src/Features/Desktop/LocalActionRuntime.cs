using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Desktop;

/// <summary>This action server: the id it appends to every local action's identifier (a singleton of the desktop mode).</summary>
/// <param name="ProcessId">Unique per running <c>serve</c>; 32 hex characters.</param>
public sealed record ActionServerIdentity(string ProcessId)
{
    /// <summary>A new identity with a random process id.</summary>
    public static ActionServerIdentity New() => new(Guid.NewGuid().ToString("N"));
}

/// <summary>
/// The shared I/O of local action slices (behaviour reference §3.3): the discover and launch flows around a slice's
/// own decision, on the artist's hub session. Discover replies the items when there are any; launch checks that the
/// click is this process's (else the action's <see cref="LocalAction.ElsewhereMessage"/>), runs the slice's launch and
/// replies its normalised result. Neither throws for the slice's own failures: a failing discover offers nothing (the
/// menu just lacks the action) and a failing launch is replied as <c>{success:false, message}</c>, because the
/// artist's click must not be run again by a retry.
/// </summary>
public sealed partial class LocalActionRuntime(IFtrackEventHub hub, ActionServerIdentity identity, ILogger<LocalActionRuntime> logger)
{
    /// <summary>This action server's process id.</summary>
    public string ProcessId => identity.ProcessId;

    /// <summary>Runs the step of a one-item action: offered when <paramref name="offered"/> holds, launched by <paramref name="launch"/>.</summary>
    public Task RunAsync(LocalAction action, FtrackEvent e, LocalActionStep step, Func<CancellationToken, Task<bool>> offered,
        Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(offered);
        return step == LocalActionStep.Discover
            ? DiscoverAsync(action, e, async ct => await offered(ct) ? [action.Item(ProcessId)] : [], cancellationToken)
            : LaunchAsync(action, e, launch, cancellationToken);
    }

    /// <summary>A one-item action's whole handler: <paramref name="command"/>'s step, as <see cref="RunAsync(LocalAction, FtrackEvent, LocalActionStep, Func{CancellationToken, Task{bool}}, Func{CancellationToken, Task{ActionResult}}, CancellationToken)"/>.</summary>
    public async Task<Unit> RunAsync(LocalAction action, ILocalActionCommand command, Func<CancellationToken, Task<bool>> offered,
        Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await RunAsync(action, command.Event, command.Step, offered, launch, cancellationToken);
        return Unit.Value;
    }

    /// <summary>Discover: replies <c>{items}</c> when <paramref name="items"/> gives any.</summary>
    public async Task DiscoverAsync(LocalAction action, FtrackEvent e, Func<CancellationToken, Task<IReadOnlyList<JsonObject>>> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(items);
        IReadOnlyList<JsonObject> offered;
        try
        {
            offered = await items(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.DiscoverFailed(logger, action.Identifier, e.Id, ex.GetType().Name, ex.Message);
            return;
        }

        if (offered.Count == 0)
        {
            return;
        }

        await hub.ReplyAsync(e, new JsonObject { ["items"] = new JsonArray([.. offered.Select(i => (JsonNode)i.DeepClone())]) }, cancellationToken);
        Log.Offered(logger, action.Identifier, e.Id, offered.Count);
    }

    /// <summary>
    /// Launch: another process's click is answered with <see cref="LocalAction.ElsewhereMessage"/> (when it has one); this process's runs
    /// <paramref name="launch"/> and replies its result (nothing for <see cref="ActionResult.None"/>).
    /// </summary>
    public async Task LaunchAsync(LocalAction action, FtrackEvent e, Func<CancellationToken, Task<ActionResult>> launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(launch);
        if (!action.IsForProcess(ActionEvents.Identifier(e), ProcessId))
        {
            if (action.ElsewhereMessage is { } elsewhere)
            {
                await hub.ReplyAsync(e, ActionReplies.Message(false, elsewhere), cancellationToken);
            }

            return;
        }

        JsonObject? reply;
        try
        {
            reply = ActionReplies.Normalise(action.Menu, await launch(cancellationToken));
            Log.Launched(logger, action.Identifier, e.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.LaunchFailed(logger, action.Identifier, e.Id, ex.GetType().Name, ex.Message);
            reply = ActionReplies.Failure(action.Menu, ex);
        }

        if (reply is not null)
        {
            await hub.ReplyAsync(e, reply, cancellationToken);
        }
    }

    /// <summary>
    /// Publishes <c>ftrack.action.launch</c> of <paramref name="actionIdentifier"/> with the event's selection, as the
    /// event's user (the original's <c>trigger_action</c>): every action server of that user receives it.
    /// </summary>
    public async Task TriggerLaunchAsync(FtrackEvent e, string actionIdentifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var selection = e.Data.TryGetProperty("selection", out var s) && s.ValueKind == JsonValueKind.Array ? JsonNode.Parse(s.GetRawText()) : new JsonArray();
        var user = e.Source.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? JsonNode.Parse(u.GetRawText()) : null;
        await hub.PublishAsync(
            FtrackEvent.Create(Guid.NewGuid().ToString("N"), ServerAction.LaunchTopic,
                new JsonObject { ["actionIdentifier"] = actionIdentifier, ["selection"] = selection },
                user is null ? null : new JsonObject { ["user"] = user }),
            cancellationToken);
    }

    /// <summary>Shows a widget (<c>{type:"widget", items, title}</c>) to the event's user in the ftrack web UI.</summary>
    public async Task ShowInterfaceAsync(FtrackEvent e, IEnumerable<JsonObject> items, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(items);
        if (e.SourceUserId is not { Length: > 0 } userId)
        {
            Log.NoUser(logger, e.Id);
            return;
        }

        var data = new JsonObject
        {
            ["type"] = "widget",
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]),
            ["title"] = title,
        };
        await hub.PublishAsync(
            FtrackEvent.Create(Guid.NewGuid().ToString("N"), ServerAction.UserInterfaceTopic, data, target: ActionRuntime.UserInterfaceTarget(userId)),
            cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9501, Level = LogLevel.Debug, Message = "Local action {Action} offered {Items} item(s) for ftrack event {FtrackEventId}")]
        public static partial void Offered(ILogger logger, string action, string ftrackEventId, int items);

        [LoggerMessage(EventId = 9502, Level = LogLevel.Warning, Message = "Local action {Action} not offered for ftrack event {FtrackEventId}: {Error}: {Reason}")]
        public static partial void DiscoverFailed(ILogger logger, string action, string ftrackEventId, string error, string reason);

        [LoggerMessage(EventId = 9503, Level = LogLevel.Information, Message = "Local action {Action} launched for ftrack event {FtrackEventId}")]
        public static partial void Launched(ILogger logger, string action, string ftrackEventId);

        [LoggerMessage(EventId = 9504, Level = LogLevel.Warning, Message = "Local action {Action} failed for ftrack event {FtrackEventId}, the artist was told: {Error}: {Reason}")]
        public static partial void LaunchFailed(ILogger logger, string action, string ftrackEventId, string error, string reason);

        [LoggerMessage(EventId = 9505, Level = LogLevel.Warning, Message = "ftrack event {FtrackEventId} has no source.user.id to show a widget to")]
        public static partial void NoUser(ILogger logger, string ftrackEventId);
    }
}
