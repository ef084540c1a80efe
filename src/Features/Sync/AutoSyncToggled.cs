using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.CustomAttributes;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Turning <c>auto_sync_enabled</c> on for a ftrack project runs the full project sync (P-22). The original triggers
/// the "Sync to AYON" action; here the same <see cref="ProjectSync"/> runs in the processor directly.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16 auto-sync toggle).
/// </summary>
public static partial class AutoSyncToggled
{
    public sealed record Command(string ProjectId) : ICommand;

    /// <summary>A <c>show</c> update whose <c>auto_sync_enabled</c> became "1" (or true).</summary>
    public static Command? From(FtrackEvent e) =>
        FtrackUpdate.Changes(e).FirstOrDefault(c => c.EntityType == "show" && c.IsUpdate
            && c.Changes.TryGetValue(FtrackCustomAttributeKeys.AutoSyncEnabled, out var change) && change.New is "1" or "true" or "True") is { } toggle
            ? new Command(toggle.EntityId)
            : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ProjectId).NotEmpty();
    }

    internal sealed partial class Handler(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IOptions<SyncOptions> options, ILoggerFactory loggers)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var logger = loggers.CreateLogger<ProjectSync>();
            var project = await session.QueryFirstAsync(
                FtrackQuery.From("Project").Select("id", "full_name").Where(FtrackFilter.Is("id", request.ProjectId)), cancellationToken);
            if (project?.GetString("full_name") is not { } fullName)
            {
                Log.ProjectMissing(logger, request.ProjectId);
                return Unit.Value;
            }

            Log.Toggled(logger, fullName);
            await new ProjectSync(session, ayon, ayonOptions, options, logger).RunAsync(fullName, cancellationToken);
            return Unit.Value;
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Auto-sync turned on for {Project}; running the full sync")]
            public static partial void Toggled(ILogger logger, string project);

            [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Auto-sync toggled on ftrack project {ProjectId}, which does not exist any more")]
            public static partial void ProjectMissing(ILogger logger, string projectId);
        }
    }
}
