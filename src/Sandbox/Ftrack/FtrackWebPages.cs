namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// The ftrack web application's pages that clients probe: the root answers 200 with an <c>FTRACK_VERSION</c>
/// header, which is how ayon-ftrack's launcher addon recognises an ftrack server (<c>resolve_ftrack_url</c>:
/// a GET without redirects, 200 and that header).
/// </summary>
internal static class FtrackWebPages
{
    public const string Version = "4.13.8.7000";

    public static void Map(WebApplication app) =>
        app.MapGet("/", (HttpContext http) =>
        {
            http.Response.Headers["FTRACK_VERSION"] = Version;
            return Results.Content("<!DOCTYPE html><html><head><title>ftrack</title></head><body>ftrack emulator</body></html>", "text/html");
        });
}
