using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Renames and moves AYON tasks after ftrack.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.TaskHierarchy"/>).
/// </summary>
public static partial class TaskRenameOrMove
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Tasks whose <c>name</c> or <c>parent_id</c> changed.</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsTask && c.IsUpdate && (c.Changed("name") || c.Changed("parent_id"))) is { } found ? new Command(found.ProjectId, found.Entities) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.TaskHierarchy, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
