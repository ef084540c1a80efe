using System.Net;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// Copies a file from AYON into an ftrack component in the <c>ftrack.server</c> location (ftrack-protocol.md §5): the
/// bytes are uploaded to the signed URL first, then the <c>FileComponent</c>, its <c>ComponentLocation</c> and a
/// <c>Metadata</c> entry naming the AYON source are created in one commit, so the source can be found again and is
/// never uploaded twice.
/// </summary>
public static class FtrackUpload
{
    /// <summary>The id of the <c>ftrack.server</c> location.</summary>
    public const string ServerLocationId = "3a372bde-05bc-11e4-8908-20c9d081909b";

    /// <summary>The component that already carries <paramref name="key"/> = <paramref name="value"/> in its metadata, or null.</summary>
    public static async Task<string?> FindComponentAsync(FtrackSession session, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = await session.QueryFirstAsync(
            FtrackQuery.From("Metadata").Select("parent_id", "key", "value").Where(FtrackFilter.Is("key", key).And(FtrackFilter.Is("value", value))),
            cancellationToken);
        return row?.GetString("parent_id");
    }

    /// <summary>
    /// Downloads a file from AYON with <paramref name="download"/> (<paramref name="what"/> names it in errors) and stores
    /// it as a new component named <paramref name="componentName"/>, with one <c>Metadata</c> entry per item of
    /// <paramref name="metadata"/> (the first names the AYON source); returns its id, or null when AYON no longer has the
    /// file (404).
    /// </summary>
    public static async Task<string?> CopyAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> download,
        string what,
        FtrackSession session,
        string componentName,
        string fileName,
        string? versionId,
        IReadOnlyList<KeyValuePair<string, string>> metadata,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(download);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        using var response = await download(cancellationToken);
        // 203 is AYON's placeholder image for a thumbnail it does not have.
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.NonAuthoritativeInformation)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"AYON answered HTTP {(int)response.StatusCode} for {what}.", null, response.StatusCode);
        }

        using var content = new MemoryStream();
        await response.Content.CopyToAsync(content, cancellationToken);
        content.Position = 0;
        var size = content.Length;
        var componentId = Guid.NewGuid().ToString();
        var extension = Path.GetExtension(fileName) is { Length: > 0 } named ? named : ExtensionFor(response.Content.Headers.ContentType?.MediaType);
        await session.UploadComponentAsync(componentId, $"{componentName}{extension}", content, size, null, cancellationToken);
        var data = new Dictionary<string, object?>
        {
            ["id"] = componentId,
            ["name"] = componentName,
            ["file_type"] = extension,
            ["size"] = size,
        };
        if (versionId is not null)
        {
            data["version_id"] = versionId;
        }

        session.Create("FileComponent", data);
        session.Create("ComponentLocation", new Dictionary<string, object?>
        {
            ["component_id"] = componentId,
            ["location_id"] = ServerLocationId,
            ["resource_identifier"] = componentId,
        });
        foreach (var (key, value) in metadata)
        {
            session.Create("Metadata", new Dictionary<string, object?>
            {
                ["parent_id"] = componentId,
                ["key"] = key,
                ["value"] = value,
                ["parent_type"] = "FileComponent",
            });
        }

        await session.CommitAsync(cancellationToken);
        return componentId;
    }

    /// <summary>A file extension for an image or video MIME type (<c>.png</c> when unknown).</summary>
    public static string ExtensionFor(string? mimeType) => mimeType?.ToLowerInvariant() switch
    {
        "image/jpeg" or "image/jpg" => ".jpg",
        "image/png" => ".png",
        "video/mp4" => ".mp4",
        "video/quicktime" => ".mov",
        _ => ".png",
    };
}
