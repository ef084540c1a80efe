using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A folder, task or version deleted in AYON is deleted in ftrack (unhandled in the original, T-08). The AYON entity is
/// gone, so its ftrack id comes from the event's <c>payload.entityData.attrib.ftrackId</c>, else from ftrack's
/// <c>ayon_id</c>. An ftrack entity that is already gone means there is nothing to do.
/// </summary>
public static class DeleteEntity
{
    private const string Slice = "Transmit.DeleteEntity";

    public sealed record Command(string Project, string EntityType, string EntityId, string? FtrackId) : ICommand;

    /// <summary><c>entity.{folder,task,version}.deleted</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { Change: "deleted", EntityType: "folder" or "task" or "version" }
            ? new Command(change.Project, change.EntityType, change.EntityId, Counterparts.FtrackIdOf(change.EntityData?["attrib"] as System.Text.Json.Nodes.JsonObject))
            : null;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
    }

    internal sealed class Handler(FtrackSession session, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var ftEntity = await Counterparts.FindAsync(session, request.Project, request.EntityType, request.EntityId, request.FtrackId, ["id"], cancellationToken);
            if (ftEntity is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            session.Delete(ftEntity.Ref);
            await session.CommitAsync(cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, ftEntity.Id, 1);
            return Unit.Value;
        }
    }
}
