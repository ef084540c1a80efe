using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "Missing permissions (AYON)" (Python origin: <c>action_private_project_detection.py</c>, P-06): offered only when
/// something is selected and the service user can load none of it (a private project the service user is not a member
/// of), so the user learns why no other AYON action shows up. Launching it shows a form naming the service user; the
/// form's submission ("Got it") is acknowledged with no reply.
/// </summary>
public static partial class PrivateProjectDetection
{
    /// <summary>The action as ftrack shows it; the identifier is the original's.</summary>
    public static readonly ServerAction Action = new("ayon.server.missing.perm.private.project", "Missing permissions (AYON)");

    /// <summary>Offer the action when the selection is unreadable.</summary>
    public sealed record DiscoverCommand(FtrackEvent Event, IReadOnlyList<EventProject.SelectionItem> Selection) : ICommand;

    /// <summary>Show the explanation (no values yet) or acknowledge it (values submitted).</summary>
    public sealed record LaunchCommand(FtrackEvent Event, JsonObject? Values) : ICommand;

    /// <summary>Every discover with a selection.</summary>
    public static DiscoverCommand? Discover(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ServerAction.IsDiscover(e) ? new DiscoverCommand(e, EventProject.Selection(e)) : null;
    }

    /// <summary>Launches of this action.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Action.IsLaunch(e) ? new LaunchCommand(e, ActionEvents.Values(e)) : null;
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

    internal sealed class DiscoverValidator : AbstractValidator<DiscoverCommand>
    {
        public DiscoverValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the discover event has no source.id to reply to");
    }

    internal sealed class LaunchValidator : AbstractValidator<LaunchCommand>
    {
        public LaunchValidator() => RuleFor(c => c.Event.SourceId).NotEmpty().WithMessage("the launch event has no source.id to reply to");
    }

    internal sealed class DiscoverHandler(ActionRuntime actions, FtrackSession session, ILogger<DiscoverHandler> logger) : IRequestHandler<DiscoverCommand, Unit>
    {
        public async Task<Unit> Handle(DiscoverCommand request, CancellationToken cancellationToken)
        {
            await actions.DiscoverAsync(Action, request.Event, async ct =>
            {
                var queryable = 0;
                var loaded = 0;
                foreach (var group in request.Selection.GroupBy(s => EventProject.QueryTypeOf(s.EntityType)))
                {
                    if (group.Key is null)
                    {
                        continue;
                    }

                    var ids = group.Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
                    queryable += ids.Count;
                    var found = await session.QueryAsync(FtrackQuery.From(group.Key).Select("id").Where(FtrackFilter.In("id", ids)), ct);
                    loaded += found.Count;
                }

                var offer = Decide(queryable, loaded);
                Log.Checked(logger, request.Event.Id, queryable, loaded);
                return offer;
            }, cancellationToken);
            return Unit.Value;
        }
    }

    internal sealed class LaunchHandler(ActionRuntime actions, FtrackConnection connection) : IRequestHandler<LaunchCommand, Unit>
    {
        public async Task<Unit> Handle(LaunchCommand request, CancellationToken cancellationToken)
        {
            await actions.LaunchAsync(
                Action,
                request.Event,
                _ => Task.FromResult(Respond(request.Values, connection.Current?.ApiUser ?? "(unknown)")),
                cancellationToken);
            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8020, Level = LogLevel.Debug, Message = "ftrack event {FtrackEventId}: {Loaded} of {Queryable} selected entities readable by the service user")]
        public static partial void Checked(ILogger logger, string ftrackEventId, int queryable, int loaded);
    }
}
