using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A folder or task renamed or relabelled in AYON is renamed in ftrack (the original enrolls neither topic, and keeps
/// <c>label_changed</c> commented out, §7.2). The ftrack name is the AYON label when there is one, else the name, as
/// <see cref="CreateEntity"/> creates it (and as the processor maps ftrack names to AYON labels, §6). Written only when
/// it differs.
/// </summary>
public static class RenameEntity
{
    private const string Slice = "Transmit.RenameEntity";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary><c>entity.{folder,task}.renamed</c>, <c>entity.{folder,task}.label_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { EntityType: "folder" or "task", Change: "renamed" or "label_changed" } ? new Command(change.Project, change.EntityType, change.EntityId) : null;
    }

    /// <summary>The ftrack name to write, or null when ftrack already has it.</summary>
    public static string? Decide(string name, string? label, string? currentFtrackName)
    {
        var wanted = label is { Length: > 0 } ? label : name;
        return string.Equals(wanted, currentFtrackName, StringComparison.Ordinal) ? null : wanted;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.EntityId).NotEmpty().WithMessage("the AYON event names no entity");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var entity = await Counterparts.ReadAyonAsync(ayon, request.Project, request.EntityType, request.EntityId, cancellationToken);
            if (entity is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var ftEntity = await Counterparts.FindAsync(session, request.Project, entity, ["id", "name"], cancellationToken);
            if (ftEntity is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            if (Decide(entity.Name, entity.Label, ftEntity.GetString("name")) is not { } name)
            {
                return Unit.Value;
            }

            session.Update(ftEntity.Ref, new Dictionary<string, object?> { ["name"] = name });
            await session.CommitAsync(cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, ftEntity.Id, 1);
            return Unit.Value;
        }
    }
}
