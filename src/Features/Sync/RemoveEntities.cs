using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Removes the AYON folders and tasks of removed ftrack contexts, deepest first, under <see cref="SyncOptions.RemovedEntityPolicy"/>.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.Removal"/>).
/// </summary>
public static partial class RemoveEntities
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Removed contexts (not Milestone), with their depth.</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsContext && c.Action == "remove") is { } found ? new Command(found.ProjectId, found.Entities) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.Removal, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
