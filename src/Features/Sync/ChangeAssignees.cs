using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;

namespace AyonFtrack.Features.Sync;

/// <summary>
/// Adds or removes AYON task assignees after ftrack assignments (Appointment type <c>assignment</c>). The task's whole
/// ftrack assignment list is read, so a replayed add or remove changes nothing; AYON assignees that map to no ftrack
/// user are kept. Python origin: <c>services/processor/processor/default_handlers/event_sync_from_ftrack.py</c> (P-16 step 3).
/// </summary>
public static partial class ChangeAssignees
{
    public sealed record Command(string ProjectId, IReadOnlyList<ChangedEntity> Entities) : ICommand;

    /// <summary>Appointment add/remove items of type <c>assignment</c>; the entities are the tasks (<c>context_id</c>).</summary>
    public static Command? From(FtrackEvent e)
    {
        var tasks = FtrackUpdate.Changes(e)
            .Where(c => c.EntityType == "appointment" && c.Action is "add" or "remove" && c.ProjectId is not null
                && c.Changes.TryGetValue("type", out var type) && (type.New ?? type.Old) == "assignment"
                && c.Changes.TryGetValue("context_id", out var context) && (context.New ?? context.Old) is not null)
            .Select(c => (Project: c.ProjectId!, Task: c.Changes["context_id"].New ?? c.Changes["context_id"].Old!))
            .ToList();
        if (tasks.Count == 0)
        {
            return null;
        }

        var project = tasks[0].Project;
        return new Command(project, [.. tasks.Where(t => t.Project == project).Select(t => t.Task).Distinct(StringComparer.Ordinal).Select(t => new ChangedEntity(t, 0))]);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => IncrementalCommand.Rules(this, c => c.ProjectId, c => c.Entities);
    }

    internal sealed class Handler(IncrementalSync sync)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await sync.ApplyAsync(request.ProjectId, ChangeKind.Assignees, request.Entities, cancellationToken);
            return Unit.Value;
        }
    }
}
