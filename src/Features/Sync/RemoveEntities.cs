using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Removes the AYON folders and tasks of removed ftrack contexts, deepest first, under <see cref="SyncOptions.RemovedEntityPolicy"/>.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.Removal"/>).
/// </summary>
public static partial class RemoveEntities
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand
    {
        /// <summary>What the whole event touches (shared by its slices, so the state is read once per event); null reads the whole project.</summary>
        public SyncEventScope? Event { get; init; }
    }

    /// <summary>Removed contexts (not Milestone), with their depth.</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsContext && c.Action == "remove") is { } found ? new Command(found.ProjectId, found.Entities) { Event = SyncEventScope.Of(e, found.ProjectId) } : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IOptions<SyncOptions> options, ILoggerFactory loggers, IncrementalSnapshotCache cache)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await IncrementalCommand.Engine(session, ayon, ayonOptions, options, loggers, cache)
                .ApplyAsync(request.ProjectId, ChangeKind.Removal, [.. request.Entities.Select(e => (e.FtrackId, e.Depth))], request.Event, cancellationToken);
            return Unit.Value;
        }
    }
}
