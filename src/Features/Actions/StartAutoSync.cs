using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// When the leecher (re)connects it stores the marker <c>ayon.ftrack.leecher.started.ynternal</c>; events may have been
/// missed meanwhile, so every active ftrack project with <c>auto_sync_enabled</c> on is synchronised again (Python
/// origin: <c>action_sync_from_ftrack.py</c>, the leecher-start part of P-10). As the original does, this publishes one
/// <c>ftrack.action.launch</c> of <c>sync.from.ftrack.to.ayon</c> per project on the ftrack hub, as the service user; the
/// leecher stores those and the sync action runs them later. A retried job publishes them again, which is harmless: the
/// sync is idempotent.
/// </summary>
public static partial class StartAutoSync
{
    /// <summary>The marker's topic (the typo "ynternal" is the original's and is kept for wire compatibility).</summary>
    public const string MarkerTopic = Topics.LeecherStarted;

    /// <summary>The identifier of the "sync from ftrack" action (P-10).</summary>
    public const string SyncActionIdentifier = SyncLaunch.Identifier;

    /// <summary>Start the syncs, as the marker's user (the service user).</summary>
    public sealed record Command(string EventId, string? Username, string? UserId) : ICommand;

    /// <summary>The marker event.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Topic == MarkerTopic ? new Command(e.Id, e.SourceUsername, e.SourceUserId) : null;
    }

    /// <summary>True for a project whose auto-sync value is on (see <see cref="SyncLaunch.IsOn"/>).</summary>
    public static bool IsAutoSyncOn(JsonNode? value) => SyncLaunch.IsOn(value);

    /// <summary>The launch event the sync action reacts to (see <see cref="SyncLaunch.Event"/>), with the marker's user as source.</summary>
    public static FtrackEvent LaunchEvent(string projectId, string? username, string? userId) => SyncLaunch.Event(projectId, username, userId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EventId).NotEmpty().WithMessage("the leecher-started marker has no id");
    }

    internal sealed class Handler(FtrackSession session, IFtrackEventHub hub, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var projects = await session.QueryAsync(
                FtrackQuery.From(Ftrack.FtrackEntityTypes.Project).Select("id", "full_name", "status", "custom_attributes").Where(FtrackFilter.Is("status", "active")),
                FtrackProject.From,
                cancellationToken);
            var auto = projects.Where(p => IsAutoSyncOn(p.CustomAttributes.GetValueOrDefault(FtrackCustomAttributeKeys.AutoSyncEnabled))).ToList();
            foreach (var project in auto)
            {
                await hub.PublishAsync(LaunchEvent(project.Id, request.Username, request.UserId), cancellationToken);
            }

            Log.Started(logger, request.EventId, auto.Count, projects.Count);
            return Unit.Value;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Leecher started ({FtrackEventId}): sync from ftrack launched for {AutoSync} of {Active} active projects")]
        public static partial void Started(ILogger logger, string ftrackEventId, int autoSync, int active);
    }
}
