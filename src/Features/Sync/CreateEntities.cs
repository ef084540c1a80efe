using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Creates AYON folders and tasks for new ftrack contexts (missing parents first; a same-name entity not linked to a live ftrack entity is reused; a copied <c>ayon_id</c> pointing at another live entity's AYON entity is not reused and gets overwritten).
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.Creation"/>).
/// </summary>
public static partial class CreateEntities
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Added contexts (not Milestone).</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsContext && c.Action == "add") is { } found ? new Command(found.ProjectId, found.Entities) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.Creation, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
