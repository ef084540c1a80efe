using System.Net;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// An addon's web frontend (ayon-backend <c>ayon_server/api/static.py</c>, <c>get_frontend_addon_file</c>): the files of
/// the installed zip's <c>frontend/dist/</c> are served without authentication at
/// <c>/addons/{name}/{version}/frontend/{path}</c>, an empty path meaning <c>index.html</c>; an empty, <c>.</c> or
/// <c>..</c> segment, an unknown file or an addon without a frontend answers 404. <c>.../frontend</c> without the slash
/// is redirected to it (FastAPI's trailing-slash redirect).
/// <para>
/// The real AYON web UI shows the page in an iframe (<c>{origin}/addons/{name}/{version}/frontend/?id=…</c>) and, once it
/// has loaded, posts it <c>{scope, accessToken, context, addonName, addonVersion}</c> (ayon-frontend
/// <c>SettingsAddon.jsx</c>). That UI is not part of the emulator; <see cref="ShellPath"/> serves a small stand-in
/// (the sandbox's own, not AYON's): it asks for an API key, checks it with <c>GET /api/users/me</c> (which opens the
/// key's session, so it works as the Bearer token the page sends), keeps it in <c>localStorage.accessToken</c> as AYON's
/// UI keeps its token, and embeds and messages the page the same way.
/// </para>
/// </summary>
internal sealed class AyonAddonFrontendModule : IAyonEmulatorModule
{
    /// <summary>The stand-in of AYON's "Studio settings → addon" view: <c>/sandbox/settings/{addon}/{version}</c>.</summary>
    public const string ShellPath = "/sandbox/settings";

    /// <summary>The zip folder whose files are the frontend (its <c>dist/</c> only, as <c>get_frontend_dir</c>).</summary>
    public const string ZipFolder = "frontend/dist/";

    /// <summary>The <c>addon_files</c> scope of frontend files.</summary>
    public const string Scope = "frontend";

    public int Order => 5;

    /// <summary>The environment variable naming a built page folder (<c>…/frontend/dist</c>) for the sandbox's package.</summary>
    public const string DistVariable = "AYON_FTRACK_FRONTEND_DIST";

    /// <summary>
    /// The built operator page for the sandbox's addon package: <see cref="DistVariable"/> when set, else the repository's
    /// <c>src/Server/Addon/frontend/dist</c> found above the working or the application folder; null when it is not built.
    /// </summary>
    public static string? BuiltFrontend()
    {
        if (Environment.GetEnvironmentVariable(DistVariable) is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? configured : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var dist = Path.Combine(folder.FullName, "src", "Server", "Addon", "frontend", "dist");
                if (File.Exists(Path.Combine(dist, "index.html")))
                {
                    return dist;
                }
            }
        }

        return null;
    }

    /// <summary>Where the sandbox shows an installed addon's page (see <see cref="ShellPath"/>).</summary>
    public static Uri PageUrl(Uri ayonBaseUrl, string addon, string version)
    {
        ArgumentNullException.ThrowIfNull(ayonBaseUrl);
        return new Uri($"{ayonBaseUrl.GetLeftPart(UriPartial.Authority)}{ShellPath}/{Uri.EscapeDataString(addon)}/{Uri.EscapeDataString(version)}");
    }

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        var store = emulator.Store;
        routes.MapGet("/addons/{addon}/{version}/frontend", (HttpContext http, string addon, string version, CancellationToken cancellationToken) =>
            http.Request.Path.Value?.EndsWith('/') == true
                ? FileAsync(store, addon, version, "index.html", cancellationToken)
                : Task.FromResult(Results.Redirect($"/addons/{addon}/{version}/frontend/{http.Request.QueryString}", permanent: false, preserveMethod: true))).AllowAnonymous();
        routes.MapGet("/addons/{addon}/{version}/frontend/{**path}", (string addon, string version, string? path, CancellationToken cancellationToken) =>
            FileAsync(store, addon, version, string.IsNullOrEmpty(path) ? "index.html" : path, cancellationToken)).AllowAnonymous();
        routes.MapGet(ShellPath + "/{addon}/{version}", (string addon, string version) =>
            Results.Content(Shell(addon, version), "text/html; charset=utf-8")).AllowAnonymous();
    }

    private static async Task<IResult> FileAsync(AyonStore store, string addon, string version, string path, CancellationToken cancellationToken)
    {
        if (path.Split('/').Any(s => s.Trim().Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            return AyonHttp.Error(404, "Invalid file path");
        }

        var (known, hasFrontend, content) = await store.ReadAsync(db =>
        {
            var exists = AyonSettingsModule.AddonExists(db, addon, version);
            var any = exists && db.Scalar("SELECT 1 FROM addon_files WHERE addon = @a AND version = @v AND scope = @s LIMIT 1", ("@a", addon), ("@v", version), ("@s", Scope)) is not null;
            var bytes = any
                ? db.Scalar("SELECT content FROM addon_files WHERE addon = @a AND version = @v AND scope = @s AND path = @p", ("@a", addon), ("@v", version), ("@s", Scope), ("@p", path)) as byte[]
                : null;
            return (exists, any, bytes);
        }, cancellationToken);
        if (!known)
        {
            return await AyonSettingsModule.AddonMissingAsync(store, addon, version, cancellationToken);
        }

        if (!hasFrontend)
        {
            return AyonHttp.Error(404, "Addon does not have a frontend directory");
        }

        return content is null ? AyonHttp.Error(404, "File not found") : Results.Bytes(content, ContentType(path));
    }

    /// <summary>The media type FileResponse guesses from the extension (Python's <c>mimetypes</c>).</summary>
    internal static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" or ".map" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/vnd.microsoft.icon",
        ".woff2" => "font/woff2",
        ".woff" => "font/woff",
        _ => "application/octet-stream",
    };

    private static string Shell(string addon, string version)
    {
        var name = WebUtility.HtmlEncode(addon);
        var ver = WebUtility.HtmlEncode(version);
        var src = $"/addons/{Uri.EscapeDataString(addon)}/{Uri.EscapeDataString(version)}/frontend/?id=sandbox";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{name}} {{ver}} (AYON emulator)</title>
            <style>
              html, body { margin: 0; height: 100%; background: #1c2026; color: #d7dce2; font: 14px sans-serif; }
              header { padding: 8px 12px; border-bottom: 1px solid #333; display: flex; gap: 12px; align-items: center; }
              iframe { border: 0; width: 100%; height: calc(100% - 45px); }
              form { padding: 24px; display: flex; gap: 8px; }
              [hidden] { display: none !important; }
            </style></head>
            <body>
            <header><strong>AYON emulator</strong><span>Studio settings → {{name}} {{ver}}</span><span id="who"></span></header>
            <form id="login" hidden><label>API key <input id="key" type="password" autocomplete="off"></label><button>Open</button><span id="error"></span></form>
            <iframe id="addon" title="{{name}}" hidden></iframe>
            <script>
            const addonName = {{System.Text.Json.JsonSerializer.Serialize(addon)}};
            const addonVersion = {{System.Text.Json.JsonSerializer.Serialize(version)}};
            const frame = document.getElementById('addon');
            const form = document.getElementById('login');
            function push() {
              frame.contentWindow.postMessage({ scope: 'settings', accessToken: localStorage.getItem('accessToken'), context: {}, addonName, addonVersion }, window.location.origin);
            }
            function open(user) {
              document.getElementById('who').textContent = 'signed in as ' + user;
              form.hidden = true;
              frame.hidden = false;
              frame.onload = () => setTimeout(push, 20);
              frame.src = {{System.Text.Json.JsonSerializer.Serialize(src)}};
            }
            async function check(key) {
              const reply = await fetch('/api/users/me', { headers: { 'x-api-key': key } });
              if (!reply.ok) throw new Error('AYON refused the key (' + reply.status + ')');
              return (await reply.json()).name;
            }
            form.onsubmit = async (e) => {
              e.preventDefault();
              const key = document.getElementById('key').value.trim();
              try { const user = await check(key); localStorage.setItem('accessToken', key); open(user); }
              catch (err) { document.getElementById('error').textContent = err.message; }
            };
            const saved = localStorage.getItem('accessToken');
            if (saved) { check(saved).then(open, () => { localStorage.removeItem('accessToken'); form.hidden = false; }); } else { form.hidden = false; }
            </script>
            </body></html>
            """;
    }
}
