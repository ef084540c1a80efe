using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A folder moved to another parent, or a task moved to another folder, in AYON is moved in ftrack (unhandled in the
/// original, T-08): the ftrack <c>parent_id</c> becomes the new parent's counterpart (the project for a root folder),
/// when it differs. A version moved to another task gets the ftrack <c>task_id</c> of that task's counterpart.
/// </summary>
public static class MoveEntity
{
    private const string Slice = "Transmit.MoveEntity";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary><c>entity.folder.parent_changed</c>, <c>entity.task.folder_changed</c>, <c>entity.version.task_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { EntityType: "folder", Change: "parent_changed" } or { EntityType: "task", Change: "folder_changed" } or { EntityType: "version", Change: "task_changed" }
            ? new Command(change.Project, change.EntityType, change.EntityId)
            : null;
    }

    /// <summary>The field to set and its value, or null when ftrack already has it.</summary>
    public static KeyValuePair<string, string?>? Decide(string entityType, string? currentFtrackValue, string? wantedFtrackValue)
    {
        var field = entityType == "version" ? "task_id" : "parent_id";
        return string.Equals(currentFtrackValue, wantedFtrackValue, StringComparison.Ordinal) ? null : new KeyValuePair<string, string?>(field, wantedFtrackValue);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var entity = await Counterparts.ReadAyonAsync(ayon, request.Project, request.EntityType, request.EntityId, cancellationToken);
            if (entity is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var field = request.EntityType == "version" ? "task_id" : "parent_id";
            var ftEntity = await Counterparts.ResolveAsync(ayon, session, request.Project, entity, ["id", field], cancellationToken);
            if (ftEntity is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            string? wanted;
            var parentAyonId = request.EntityType == "version" ? entity.SubType : entity.ParentId;
            if (parentAyonId is null)
            {
                wanted = request.EntityType == "version" ? null : (await cache.FtrackProjectAsync(ayon, session, request.Project, cancellationToken))?.Id;
            }
            else
            {
                var parentType = request.EntityType == "version" ? "task" : "folder";
                var parent = await Counterparts.ReadAyonAsync(ayon, request.Project, parentType, parentAyonId, cancellationToken);
                wanted = parent is null ? null : (await Counterparts.FindAsync(session, request.Project, parent, ["id"], cancellationToken))?.Id;
            }

            if (wanted is null && request.EntityType != "version")
            {
                TransmitLog.Skipped(logger, Slice, $"the new parent of AYON {request.EntityType} {request.EntityId} has no ftrack counterpart; not moved");
                return Unit.Value;
            }

            if (Decide(request.EntityType, ftEntity.GetString(field), wanted) is not { } write)
            {
                return Unit.Value;
            }

            session.Update(ftEntity.Ref, new Dictionary<string, object?> { [write.Key] = write.Value });
            await cache.CommitAsync(session, cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, ftEntity.Id, 1);
            return Unit.Value;
        }
    }
}
