using System.Net;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// Thumbnails as the ftrack server serves them (ftrack-protocol.md §5): <c>GET /component/thumbnail?id=&amp;size=</c>
/// with the user and key in the query answers the bytes of the component set as an entity's <c>thumbnail_id</c>
/// (a component uploaded to <c>ftrack.server</c>); the emulator does not resize, so <c>size</c> is accepted and
/// ignored. Unknown or not uploaded components answer 404, a bad key 401.
/// </summary>
public sealed partial class FtrackEmulator
{
    private void MapThumbnails(WebApplication app) => app.MapGet("/component/thumbnail", HandleThumbnailAsync);

    private async Task HandleThumbnailAsync(HttpContext http)
    {
        if (!IsValidKey(http.Request.Query["username"].ToString(), http.Request.Query["apiKey"].ToString()))
        {
            http.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
            return;
        }

        var id = http.Request.Query["id"].ToString();
        if (!_files.TryGetValue(id, out var bytes))
        {
            http.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }

        var name = _store.FindAnyById(id)?.Str("file_type")?.ToLowerInvariant();
        http.Response.ContentType = name switch
        {
            ".png" => "image/png",
            ".gif" => "image/gif",
            _ => "image/jpeg",
        };
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
