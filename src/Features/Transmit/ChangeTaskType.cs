using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A task type changed in AYON sets the ftrack task's <c>type_id</c> to the ftrack <c>Type</c> of the same name
/// (unhandled in the original, T-08). A folder type cannot follow: ftrack's <c>object_type_id</c> is immutable, so
/// <c>entity.folder.type_changed</c> is logged and finished.
/// </summary>
public static class ChangeTaskType
{
    private const string Slice = "Transmit.ChangeTaskType";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary><c>entity.task.type_changed</c>, <c>entity.folder.type_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { Change: "type_changed", EntityType: "task" or "folder" } ? new Command(change.Project, change.EntityType, change.EntityId) : null;
    }

    /// <summary>The ftrack type id to set, or null when it is already set or ftrack has no type of that name.</summary>
    public static string? Decide(string? ayonTaskType, string? currentTypeId, IReadOnlyList<CreateEntity.NamedRow> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var match = types.FirstOrDefault(t => string.Equals(t.Name, ayonTaskType, StringComparison.OrdinalIgnoreCase));
        return match is null || match.Id == currentTypeId ? null : match.Id;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (request.EntityType == "folder")
            {
                TransmitLog.Skipped(logger, Slice, $"ftrack cannot change the object type of an existing entity; AYON folder {request.EntityId} keeps its ftrack type");
                return Unit.Value;
            }

            var task = await Counterparts.ReadAyonAsync(ayon, request.Project, "task", request.EntityId, cancellationToken);
            if (task is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "task", request.EntityId, request.Project);
                return Unit.Value;
            }

            var ftTask = await Counterparts.ResolveAsync(ayon, session, request.Project, task, ["id", "type_id"], cancellationToken);
            if (ftTask is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "task", request.EntityId, request.Project);
                return Unit.Value;
            }

            var types = await cache.NamedRowsAsync(session, "Type", cancellationToken);
            if (types.FromCache && !types.Value.Any(t => string.Equals(t.Name, task.SubType, StringComparison.OrdinalIgnoreCase)))
            {
                // A task type added in ftrack since the read: read the types once more before skipping.
                cache.ForgetTypes($"task type '{task.SubType}' is not in the cached ftrack types");
                types = await cache.NamedRowsAsync(session, "Type", cancellationToken);
            }

            if (Decide(task.SubType, ftTask.GetString("type_id"), types.Value) is not { } typeId)
            {
                return Unit.Value;
            }

            session.Update(ftTask.Ref, new Dictionary<string, object?> { ["type_id"] = typeId });
            await cache.CommitAsync(session, cancellationToken);
            TransmitLog.Pushed(logger, Slice, "task", request.EntityId, ftTask.Id, 1);
            return Unit.Value;
        }
    }
}
