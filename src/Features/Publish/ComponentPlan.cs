using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-10 <c>IntegrateFtrackInstance</c>: the instance's <c>ftrackComponentsList</c>, decided from its
/// representations without touching ftrack. Thumbnails go to <c>ftrack.server</c> as <c>thumbnail</c> (or
/// <c>ftrackreview-image</c> when there is no review), reviews as <c>ftrackreview-mp4</c> with the web player's
/// <c>ftr_meta</c> (<c>frameIn</c> 0, <c>frameOut</c> the duration in frames, <c>frameRate</c>) or
/// <c>ftrackreview-image</c>; each also gets an <c>_src</c> copy in <c>ftrack.unmanaged</c> unless tagged
/// <c>delete</c>; every other representation is a component named after it in <c>ftrack.unmanaged</c> (a frame
/// sequence as one sequence component). Metadata comes from the representation and instance data (fps, size, frame
/// range), not from probing the files.
/// <para>Differs from the original: a thumbnail's <c>_src</c> copy is listed once (it was added twice and the second
/// was dropped by the name check at integration), and a sequence is published as the whole sequence rather than its
/// first frame.</para>
/// </summary>
public static class ComponentPlan
{
    public const string ServerLocation = "ftrack.server";
    public const string UnmanagedLocation = "ftrack.unmanaged";

    private static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "3g2", "3gp", "amv", "asf", "avi", "drc", "f4a", "f4b", "f4p", "f4v", "flv", "gif", "gifv", "m2v", "m4p", "m4v", "mkv", "mng",
        "mov", "mp2", "mp4", "mpe", "mpeg", "mpg", "mpv", "mxf", "nsv", "ogg", "ogv", "qt", "rm", "rmvb", "roq", "svi", "vob", "webm", "wmv", "yuv",
    };

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "bmp", "cin", "dds", "dpx", "exr", "hdr", "hdri", "jpeg", "jpg", "png", "psd", "psb", "rgbe", "sgi", "tga", "tif", "tiff", "webp",
    };

    private static readonly Dictionary<string, string> MetadataLabels = new(StringComparer.Ordinal)
    {
        ["frame_start"] = "Frame start",
        ["frame_end"] = "Frame end",
        ["duration"] = "Duration",
        ["width"] = "Resolution width",
        ["height"] = "Resolution height",
        ["fps"] = "FPS",
    };

    /// <summary>The components of one instance (empty when it has no representation).</summary>
    public static IReadOnlyList<ComponentItem> Decide(PublishInstance instance, string hostName, double? contextFps, IntegrateFtrackInstanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(settings);
        if (instance.Representations.Count == 0)
        {
            return [];
        }

        var version = instance.Version ?? instance.VersionEntity?.Version
            ?? throw new PublishStepException($"instance \"{instance.Label}\" has no version number; the publish must collect one before ftrack integration");
        var baseType = instance.BaseType ?? "";
        var assetType = !string.IsNullOrEmpty(instance.FtrackFamily) ? instance.FtrackFamily
            : settings.ProductBaseTypeMapping.FirstOrDefault(m => string.Equals(m.Name, baseType, StringComparison.OrdinalIgnoreCase))?.AssetType is { Length: > 0 } mapped ? mapped
            : "upload";
        var statusName = ProfileFilter.Best(settings.AssetVersionsStatusProfiles,
        [
            (p => p.ProductBaseTypes, baseType),
            (p => p.HostNames, hostName),
            (p => p.TaskTypes, instance.TaskType),
        ])?.Status;
        var customAttributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (instance.VersionEntity is { Id.Length: > 0 } ayonVersion)
        {
            customAttributes["ayon_id"] = ayonVersion.Id;
            customAttributes["ayon_path"] = $"{instance.FolderPath}/{instance.ProductName}/v{ayonVersion.Version.ToString("000", CultureInfo.InvariantCulture)}";
        }

        var productName = instance.ProductName ?? instance.Label;
        ComponentItem Base(string? assetName) => new()
        {
            AssetTypeData = new AssetTypeData { ShortName = assetType },
            AssetData = new AssetData { Name = assetName ?? productName },
            AssetVersionData = new AssetVersionData
            {
                Version = version,
                Comment = instance.Comment ?? "",
                StatusName = string.IsNullOrEmpty(statusName) ? null : statusName,
                CustomAttributes = customAttributes,
            },
        };

        var reviews = new List<PublishRepresentation>();
        var thumbnails = new List<PublishRepresentation>();
        var others = new List<PublishRepresentation>();
        foreach (var repre in instance.Representations)
        {
            if (repre.Tags.Contains("publish_on_farm"))
            {
                continue;
            }

            if (repre.Thumbnail || repre.Tags.Contains("thumbnail"))
            {
                thumbnails.Add(repre);
            }
            else if (repre.Tags.Contains("ftrackreview") && repre.Paths.Count > 0)
            {
                reviews.Add(repre);
            }
            else
            {
                others.Add(repre);
            }
        }

        var hasMovie = reviews.Any(IsVideo);
        if (hasMovie)
        {
            reviews = [.. reviews.Where(IsVideo)];
        }

        var fps = instance.Fps ?? contextFps;
        var items = new List<ComponentItem>();
        var thumbnailItems = new List<(PublishRepresentation Repre, ComponentItem Item, ComponentItem? Source)>();
        foreach (var repre in thumbnails.Where(r => r.Paths.Count > 0))
        {
            var item = Base(null) with
            {
                ComponentPath = PathOf(repre),
                ComponentData = new ComponentData { Name = reviews.Count > 0 ? "thumbnail" : "ftrackreview-image", Metadata = ImageMetadata(repre) },
                Thumbnail = true,
                ComponentLocationName = ServerLocation,
            };
            var source = repre.Tags.Contains("delete") ? null : SourceOf(item, repre, instance, fps, settings);
            thumbnailItems.Add((repre, item, source));
        }

        var syncedNames = reviews.Select(r => r.OutputName).Where(n => !string.IsNullOrEmpty(n) && thumbnails.Any(t => t.OutputName == n)).Count();
        var multipleReviews = reviews.Count > 1;
        string? extendedName = null;
        for (var index = 0; index < reviews.Count; index++)
        {
            var repre = reviews[index];
            extendedName = settings.KeepFirstProductNameForReview && index == 0 ? null : $"{productName}_{repre.Name}";
            var assetName = multipleReviews && extendedName is not null ? extendedName : null;
            var thumbnail = thumbnailItems.Count == 0 ? default
                : syncedNames > 1 ? thumbnailItems.FirstOrDefault(t => t.Repre.OutputName == repre.OutputName || (t.Repre.OutputName is { } o && repre.Tags.Contains(o))) is { Item: not null } match ? match : thumbnailItems[0]
                : thumbnailItems[0];
            if (thumbnail.Item is not null)
            {
                items.Add(thumbnail.Item with { AssetData = new AssetData { Name = assetName ?? productName } });
                if (thumbnail.Source is not null)
                {
                    items.Add(thumbnail.Source with { AssetData = new AssetData { Name = assetName ?? productName } });
                }
            }

            var video = IsVideo(repre);
            var review = Base(assetName) with
            {
                ComponentPath = PathOf(repre),
                ComponentData = new ComponentData
                {
                    Name = video ? "ftrackreview-mp4" : "ftrackreview-image",
                    Metadata = video ? VideoMetadata(repre, instance, fps, settings, review: true) : ImageMetadata(repre),
                },
                Thumbnail = !video,
                ComponentLocationName = ServerLocation,
            };
            if (!repre.Tags.Contains("delete"))
            {
                items.Add(SourceOf(review, repre, instance, fps, settings));
            }

            items.Add(review);
        }

        if (reviews.Count == 0)
        {
            foreach (var (_, item, source) in thumbnailItems.Take(1))
            {
                if (source is not null)
                {
                    items.Add(source);
                }

                items.Add(item);
            }
        }

        foreach (var repre in others.Where(r => r.Paths.Count > 0))
        {
            var assetName = multipleReviews && !settings.KeepFirstProductNameForReview && extendedName is not null ? extendedName : null;
            items.Add(Base(assetName) with
            {
                ComponentPath = PathOf(repre),
                ComponentData = new ComponentData { Name = repre.Name, Metadata = Metadata(repre, instance, fps, settings) },
                ComponentLocationName = UnmanagedLocation,
            });
        }

        return [.. items.DistinctBy(i => (i.AssetData.Name, i.ComponentData.Name))];
    }

    /// <summary>The step: the list per instance.</summary>
    public static JsonObject Run(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.ReadSettings().Publish.IntegrateFtrackInstance;
        var result = new JsonArray();
        foreach (var instance in input.Instances)
        {
            var items = Decide(instance, input.Context.HostName, input.Context.Fps, settings);
            result.Add(new JsonObject { ["label"] = instance.Label, ["ftrackComponentsList"] = JsonSerializer.SerializeToNode(items, PublishJson.Options) });
        }

        return new JsonObject { ["instances"] = result };
    }

    /// <summary>True for a video extension (ayon-core's list).</summary>
    public static bool IsVideo(PublishRepresentation repre) => VideoExtensions.Contains(repre?.Ext.TrimStart('.') ?? "");

    private static bool IsImage(PublishRepresentation repre) => ImageExtensions.Contains(repre.Ext.TrimStart('.'));

    /// <summary>One file, or a frame sequence as <c>head%0Ndtail [first-last]</c> (ranges joined by commas).</summary>
    public static string PathOf(PublishRepresentation repre)
    {
        ArgumentNullException.ThrowIfNull(repre);
        return repre.Paths.Count == 1 ? repre.Paths[0] : FileSequence.Describe(repre.Paths);
    }

    private static ComponentItem SourceOf(ComponentItem item, PublishRepresentation repre, PublishInstance instance, double? fps, IntegrateFtrackInstanceSettings settings) => item with
    {
        Thumbnail = false,
        ComponentLocationName = UnmanagedLocation,
        ComponentData = new ComponentData { Name = item.ComponentData.Name + "_src", Metadata = Metadata(repre, instance, fps, settings) },
    };

    private static Dictionary<string, string> Metadata(PublishRepresentation repre, PublishInstance instance, double? fps, IntegrateFtrackInstanceSettings settings) =>
        IsVideo(repre) ? VideoMetadata(repre, instance, fps, settings, review: false)
        : IsImage(repre) ? ImageMetadata(repre)
        : [];

    private static Dictionary<string, string> ImageMetadata(PublishRepresentation repre) =>
        repre.Width is > 0 && repre.Height is > 0
            ? new() { ["ftr_meta"] = new JsonObject { ["width"] = repre.Width, ["height"] = repre.Height, ["format"] = "image" }.ToJsonString() }
            : [];

    private static Dictionary<string, string> VideoMetadata(PublishRepresentation repre, PublishInstance instance, double? instanceFps, IntegrateFtrackInstanceSettings settings, bool review)
    {
        var fps = repre.Fps ?? instanceFps;
        var start = repre.FrameStartFtrack is not null && repre.FrameEndFtrack is not null ? repre.FrameStartFtrack : instance.FrameStart;
        var end = repre.FrameStartFtrack is not null && repre.FrameEndFtrack is not null ? repre.FrameEndFtrack : instance.FrameEnd;
        double? duration = start is not null && end is not null ? end - start + 1 : null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in new (string, double?)[] { ("fps", fps), ("frame_start", start), ("frame_end", end), ("duration", duration), ("width", repre.Width), ("height", repre.Height) })
        {
            if (value is { } v && v != 0 && settings.AdditionalMetadataKeys.Contains(key))
            {
                metadata[MetadataLabels[key]] = v.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (!review)
        {
            var meta = new JsonObject();
            if (fps is not null)
            {
                meta["frameRate"] = fps;
            }

            if (repre.Width is > 0 && repre.Height is > 0)
            {
                meta["width"] = repre.Width;
                meta["height"] = repre.Height;
            }

            metadata["ftr_meta"] = meta.ToJsonString();
            return metadata;
        }

        if (fps is null || duration is null)
        {
            throw new PublishStepException(
                $"instance \"{instance.Label}\": review \"{repre.Name}\" needs a frame rate and a frame range for ftrack's web player; set fps and frameStart/frameEnd on the instance (or fps/frameStartFtrack/frameEndFtrack on the representation)");
        }

        metadata["ftr_meta"] = new JsonObject { ["frameIn"] = 0, ["frameOut"] = duration, ["frameRate"] = fps }.ToJsonString();
        return metadata;
    }
}
