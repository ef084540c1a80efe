using System.Text.Json.Nodes;
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
/// Web-playable components carry <c>ftr_meta</c> as the original's publish sets it: video
/// <c>{frameIn: 0, frameOut: duration × fps, frameRate: fps}</c>, image <c>{width, height, format: "image"}</c>, read from
/// the reviewable's media info (<c>GET …/versions/{id}/reviewables</c>); the version's <c>fps</c> attribute stands in for
/// a frame rate the probe did not give, its frame range for a missing duration.
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

    /// <summary>The component metadata key ftrack's web player reads.</summary>
    public const string FtrackMetaKey = "ftr_meta";

    /// <summary>
    /// The <c>ftr_meta</c> JSON of a review component, or null when it cannot be built (not a review component, or no
    /// frame rate / size known).
    /// </summary>
    public static string? FtrackMeta(string componentName, JsonObject? mediaInfo, JsonObject? versionAttrib)
    {
        static double? Number(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) is var d && d > 0 ? d : null;
        if (componentName == "ftrackreview-image")
        {
            return Number(mediaInfo?["width"]) is { } width && Number(mediaInfo?["height"]) is { } height
                ? new JsonObject { ["width"] = (int)width, ["height"] = (int)height, ["format"] = "image" }.ToJsonString()
                : null;
        }

        if (componentName != "ftrackreview-mp4" || (Number(mediaInfo?["frameRate"]) ?? Number(versionAttrib?["fps"])) is not { } fps)
        {
            return null;
        }

        double? frameOut = Number(mediaInfo?["duration"]) is { } duration ? Math.Round(duration * fps, 3)
            : Number(versionAttrib?["frameStart"]) is { } start && Number(versionAttrib?["frameEnd"]) is { } end ? end - start + 1
            : null;
        return frameOut is null ? null : new JsonObject { ["frameIn"] = 0, ["frameOut"] = frameOut, ["frameRate"] = fps }.ToJsonString();
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
            var componentName = ComponentName(request.MimeType);
            var reviewables = await ayon.GetVersionReviewablesAsync(request.Project, request.VersionId, cancellationToken);
            var mediaInfo = reviewables.IsSuccessful ? reviewables.Content?.Reviewables.FirstOrDefault(r => r.FileId == request.FileId)?.MediaInfo : null;
            var metadata = new List<KeyValuePair<string, string>> { KeyValuePair.Create(MetadataKey, request.FileId) };
            if (FtrackMeta(componentName, mediaInfo, version.Attrib) is { } ftrackMeta)
            {
                metadata.Add(KeyValuePair.Create(FtrackMetaKey, ftrackMeta));
            }

            var component = await FtrackUpload.CopyAsync(
                token => ayon.GetProjectFileAsync(request.Project, request.FileId, token),
                $"file {request.FileId} of project {request.Project}",
                session,
                componentName,
                fileName,
                ftVersion.Id,
                metadata,
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
