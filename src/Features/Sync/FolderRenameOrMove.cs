using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Renames and moves AYON folders after ftrack (parents before children; descendants' <c>ftrackPath</c> and ftrack <c>ayon_path</c> follow).
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.FolderHierarchy"/>).
/// </summary>
public static partial class FolderRenameOrMove
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Folder-type contexts (not Task, not Milestone) whose <c>name</c> or <c>parent_id</c> changed (<c>move</c> counts as update).</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsContext && !c.IsTask && c.IsUpdate && (c.Changed("name") || c.Changed("parent_id"))) is { } found ? new Command(found.ProjectId, found.Entities) : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.FolderHierarchy, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
