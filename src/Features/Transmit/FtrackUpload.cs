using System.Net;
using AyonFtrack.Features.Ayon;
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
    /// Downloads <paramref name="ayonEndpoint"/> (relative to the AYON base URL) and stores it as a new component named
    /// <paramref name="componentName"/>; returns its id, or null when AYON no longer has the file.
    /// </summary>
    public static async Task<string?> CopyAsync(
        IAyonApi ayon,
        FtrackSession session,
        string ayonEndpoint,
        string componentName,
        string fileName,
        string? versionId,
        KeyValuePair<string, string> source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(session);
        using var response = await ayon.GetFileAsync(ayonEndpoint, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"AYON answered HTTP {(int)response.StatusCode} for {ayonEndpoint}.", null, response.StatusCode);
        }

        using var content = new MemoryStream();
        await response.Content.CopyToAsync(content, cancellationToken);
        content.Position = 0;
        var size = content.Length;
        var componentId = Guid.NewGuid().ToString();
        var extension = Path.GetExtension(fileName);
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
        session.Create("Metadata", new Dictionary<string, object?>
        {
            ["parent_id"] = componentId,
            ["key"] = source.Key,
            ["value"] = source.Value,
            ["parent_type"] = "FileComponent",
        });
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
