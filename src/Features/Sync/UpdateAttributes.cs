using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Copies task type, status, dates, description and mapped custom attributes (standard and hierarchical, converted by ftrack type, fps parsed) to AYON. Fix against the original (§7): the new value is written, never the old one.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.Attributes"/>).
/// </summary>
public static partial class UpdateAttributes
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Updated contexts with any change other than name or parent (status, type, dates, description, custom attribute keys).</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsContext && c.IsUpdate && c.Changes.Keys.Any(k => k is not ("name" or "parent_id"))) is { } found ? new Command(found.ProjectId, found.Entities) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.Attributes, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
