using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-07: a reviewable uploaded to an AYON version is uploaded to the ftrack AssetVersion (the original's handler is
/// empty). The file is read from AYON (<c>GET /api/projects/{p}/files/{fileId}</c>) and stored in the
/// <c>ftrack.server</c> location (ftrack-protocol.md §5) as <c>ftrackreview-mp4</c> (video) or
/// <c>ftrackreview-image</c> (image) on the version, tagged with <c>ayon_file_id</c> so it is never uploaded twice.
/// </summary>
public static class PushReviewable
{
    private const string Slice = "Transmit.PushReviewable";

    /// <summary>The component metadata key naming the AYON file.</summary>
    public const string MetadataKey = "ayon_file_id";

    public sealed record Command(string Project, string FileId, string VersionId, string FileName, string? MimeType) : ICommand;

    /// <summary><c>reviewable.created</c> (summary <c>{fileId, versionId, filename, mimetype, …}</c>).</summary>
    public static Command? From(AyonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Topic != "reviewable.created" || e.Project is not { Length: > 0 } project)
        {
            return null;
        }

        return new Command(
            project,
            AyonChange.Text(e.Summary?["fileId"]) ?? "",
            AyonChange.Text(e.Summary?["versionId"]) ?? "",
            AyonChange.Text(e.Summary?["filename"]) ?? "",
            AyonChange.Text(e.Summary?["mimetype"]));
    }

    /// <summary>The ftrack review component name for a MIME type.</summary>
    public static string ComponentName(string? mimeType) =>
        mimeType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true ? "ftrackreview-mp4"
        : mimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true ? "ftrackreview-image"
        : "reviewable";

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FileId).NotEmpty().WithMessage("the reviewable event names no file");
            RuleFor(c => c.VersionId).NotEmpty().WithMessage("the reviewable event names no version");
        }
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (await FtrackUpload.FindComponentAsync(session, MetadataKey, request.FileId, cancellationToken) is not null)
            {
                return Unit.Value;
            }

            var version = await Counterparts.ReadAyonAsync(ayon, request.Project, "version", request.VersionId, cancellationToken);
            if (version is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "version", request.VersionId, request.Project);
                return Unit.Value;
            }

            var ftVersion = await Counterparts.ResolveAsync(ayon, session, request.Project, version, ["id"], cancellationToken);
            if (ftVersion is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "version", request.VersionId, request.Project);
                return Unit.Value;
            }

            var fileName = request.FileName.Length > 0 ? request.FileName : "reviewable" + FtrackUpload.ExtensionFor(request.MimeType);
            var component = await FtrackUpload.CopyAsync(
                ayon,
                session,
                $"api/projects/{Uri.EscapeDataString(request.Project)}/files/{Uri.EscapeDataString(request.FileId)}",
                ComponentName(request.MimeType),
                fileName,
                ftVersion.Id,
                KeyValuePair.Create(MetadataKey, request.FileId),
                cancellationToken);
            if (component is null)
            {
                TransmitLog.Skipped(logger, Slice, $"AYON file {request.FileId} of version {request.VersionId} no longer exists");
                return Unit.Value;
            }

            TransmitLog.Pushed(logger, Slice, "version", request.VersionId, ftVersion.Id, 1);
            return Unit.Value;
        }
    }
}
