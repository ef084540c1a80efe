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
/// Renames and moves AYON tasks after ftrack.
/// Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16, change kind <see cref="ChangeKind.TaskHierarchy"/>).
/// </summary>
public static partial class TaskRenameOrMove
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand
    {
        /// <summary>What the whole event touches (shared by its slices, so the state is read once per event); null reads the whole project.</summary>
        public SyncEventScope? Event { get; init; }
    }

    /// <summary>Tasks whose <c>name</c> or <c>parent_id</c> changed.</summary>
    public static Command? From(FtrackEvent e) =>
        IncrementalCommand.Collect(FtrackUpdate.Changes(e), c => c.IsTask && c.IsUpdate && (c.Changed("name") || c.Changed("parent_id"))) is { } found ? new Command(found.ProjectId, found.Entities) { Event = SyncEventScope.Of(e, found.ProjectId) } : null;

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
                .ApplyAsync(request.ProjectId, ChangeKind.TaskHierarchy, [.. request.Entities.Select(e => (e.FtrackId, e.Depth))], request.Event, cancellationToken);
            return Unit.Value;
        }
    }
}
