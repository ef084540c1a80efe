using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A thumbnail set in AYON on a folder, task or version becomes the ftrack entity's thumbnail (unhandled in the
/// original, T-08): the image is read from AYON (<c>GET /api/projects/{p}/thumbnails/{id}?placeholder=none</c>), uploaded to the
/// <c>ftrack.server</c> location as a <c>thumbnail</c> component tagged with <c>ayon_thumbnail_id</c>, and set as
/// <c>thumbnail_id</c>. A thumbnail uploaded before is reused, never uploaded twice. A thumbnail removed in AYON leaves
/// ftrack's as it is.
/// </summary>
public static class PushThumbnail
{
    private const string Slice = "Transmit.PushThumbnail";

    /// <summary>The component metadata key naming the AYON thumbnail.</summary>
    public const string MetadataKey = "ayon_thumbnail_id";

    public sealed record Command(string Project, string EntityType, string EntityId) : ICommand;

    /// <summary>What to do with the ftrack entity's thumbnail.</summary>
    public enum Action
    {
        /// <summary>ftrack already shows this AYON thumbnail, or AYON has none.</summary>
        Nothing,

        /// <summary>The AYON thumbnail was uploaded before: point the entity at that component.</summary>
        Reuse,

        /// <summary>Upload the AYON thumbnail and point the entity at it.</summary>
        Upload,
    }

    /// <summary><c>entity.{folder,task,version}.thumbnail_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change is { Change: "thumbnail_changed", EntityType: "folder" or "task" or "version" } ? new Command(change.Project, change.EntityType, change.EntityId) : null;
    }

    /// <summary>Decides from the AYON thumbnail id, the ftrack entity's thumbnail and the component that already holds the AYON thumbnail.</summary>
    public static Action Decide(string? ayonThumbnailId, string? ftrackThumbnailId, string? uploadedComponentId) =>
        ayonThumbnailId is null ? Action.Nothing
        : uploadedComponentId is null ? Action.Upload
        : uploadedComponentId == ftrackThumbnailId ? Action.Nothing
        : Action.Reuse;

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

            var ftEntity = await Counterparts.ResolveAsync(ayon, session, request.Project, entity, ["id", "thumbnail_id"], cancellationToken);
            if (ftEntity is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, request.EntityType, request.EntityId, request.Project);
                return Unit.Value;
            }

            var thumbnail = entity.ThumbnailId ?? "";
            var uploaded = thumbnail.Length > 0 ? await FtrackUpload.FindComponentAsync(session, MetadataKey, thumbnail, cancellationToken) : null;
            var action = Decide(entity.ThumbnailId, ftEntity.GetString("thumbnail_id"), uploaded);
            if (action == Action.Upload)
            {
                uploaded = await FtrackUpload.CopyAsync(
                    token => ayon.GetThumbnailAsync(request.Project, thumbnail, "none", token),
                    $"thumbnail {thumbnail} of project {request.Project}",
                    session,
                    "thumbnail",
                    "thumbnail",
                    null,
                    [KeyValuePair.Create(MetadataKey, thumbnail)],
                    cancellationToken);
                if (uploaded is null)
                {
                    TransmitLog.Skipped(logger, Slice, $"AYON thumbnail {entity.ThumbnailId} of {request.EntityType} {request.EntityId} no longer exists");
                    return Unit.Value;
                }
            }

            if (action == Action.Nothing)
            {
                return Unit.Value;
            }

            session.Update(ftEntity.Ref, new Dictionary<string, object?> { ["thumbnail_id"] = uploaded });
            await session.CommitAsync(cancellationToken);
            TransmitLog.Pushed(logger, Slice, request.EntityType, request.EntityId, ftEntity.Id, 1);
            return Unit.Value;
        }
    }
}
