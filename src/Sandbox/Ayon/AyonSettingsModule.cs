using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Addon settings with variants and project overrides, bundles and <c>/api/settings</c>, secrets,
/// <c>customProcessorHandlers</c> and addon files (ayon-protocol.md §1.5, §1.6, §5).
/// </summary>
internal sealed class AyonSettingsModule : IAyonEmulatorModule
{
    public int Order => 3;

    /// <summary>The production bundle every emulator starts with (a real studio always has one); see <see cref="AddToSeededBundle"/>.</summary>
    public const string SeededBundle = "sandbox-production";

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
        CreateTables(db);
        db.Execute("""
            INSERT INTO bundles (name, addons, is_production, is_staging)
            SELECT @n, '{}', 1, 0 WHERE NOT EXISTS (SELECT 1 FROM bundles WHERE is_production = 1)
            """, ("@n", SeededBundle));
    }

    private static void CreateTables(AyonDb db) => db.Execute("""
        CREATE TABLE IF NOT EXISTS addons (name TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, defaults TEXT NULL, PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS addon_overrides (addon TEXT NOT NULL, version TEXT NOT NULL, variant TEXT NOT NULL, project TEXT NOT NULL,
            overrides TEXT NOT NULL, PRIMARY KEY (addon, version, variant, project));
        CREATE TABLE IF NOT EXISTS bundles (name TEXT PRIMARY KEY, addons TEXT NOT NULL, is_production INTEGER NOT NULL, is_staging INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS addon_files (addon TEXT NOT NULL, version TEXT NOT NULL, scope TEXT NOT NULL, path TEXT NOT NULL, content BLOB NOT NULL,
            PRIMARY KEY (addon, version, scope, path));
        CREATE TABLE IF NOT EXISTS custom_handlers (variant TEXT PRIMARY KEY, handlers TEXT NOT NULL);
        """);

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        var store = emulator.Store;
        routes.MapGet("/api/addons/{addon}/{version}/settings", async (string addon, string version, string? variant, CancellationToken cancellationToken) =>
        {
            var settings = await store.ReadAsync(db => Settings(db, addon, version, variant ?? "production", null), cancellationToken);
            return settings is null ? await AddonMissingAsync(store, addon, version, cancellationToken) : AyonHttp.Json(settings);
        });

        routes.MapGet("/api/addons/{addon}/{version}/settings/{project}", async (string addon, string version, string project, string? variant, CancellationToken cancellationToken) =>
        {
            var settings = await store.ReadAsync(db => Settings(db, addon, version, variant ?? "production", project), cancellationToken);
            return settings is null ? await AddonMissingAsync(store, addon, version, cancellationToken) : AyonHttp.Json(settings);
        });

        routes.MapGet("/api/settings", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var variant = http.Request.Query["variant"].ToString() is { Length: > 0 } v ? v : "production";
            var project = http.Request.Query["project_name"].ToString() is { Length: > 0 } p ? p : null;
            var bundleName = http.Request.Query["bundle_name"].ToString() is { Length: > 0 } b ? b : null;
            var result = await store.ReadAsync(db => AllSettings(db, variant, project, bundleName), cancellationToken);
            return result is null ? AyonHttp.Error(404, "Bundle not found") : AyonHttp.Json(result);
        });

        routes.MapGet("/api/secrets", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var ctx = http.Ayon();
            if (!ctx.IsManager)
            {
                return AyonHttp.Error(403, "Forbidden");
            }

            var secrets = await store.ReadAsync(db => db.Query("SELECT name, value FROM secrets WHERE name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name", r =>
            {
                var o = new JsonObject { ["name"] = r.GetString(0) };
                if (ctx.IsAdmin)
                {
                    o["value"] = r.GetString(1);
                }

                return (JsonNode?)o;
            }), cancellationToken);
            return AyonHttp.Json(new JsonArray([.. secrets]));
        });

        routes.MapGet("/api/secrets/{name}", async (string name, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!http.Ayon().IsAdmin)
            {
                return AyonHttp.Error(403, "Forbidden");
            }

            var value = await store.ReadAsync(db => db.Scalar("SELECT value FROM secrets WHERE name = @n", ("@n", name)) as string, cancellationToken);
            return value is null ? AyonHttp.Error(404, "Not found") : AyonHttp.Json(new JsonObject { ["name"] = name, ["value"] = value });
        });

        routes.MapPut("/api/secrets/{name}", async (string name, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!http.Ayon().IsAdmin)
            {
                return AyonHttp.Error(403, "Forbidden");
            }

            var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            if (body.StringField("value") is not { } value)
            {
                return AyonHttp.Error(400, "No value provided");
            }

            await store.WriteAsync(db => SetSecret(db, name, value), cancellationToken);
            return Results.NoContent();
        });

        routes.MapDelete("/api/secrets/{name}", async (string name, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!http.Ayon().IsAdmin)
            {
                return AyonHttp.Error(403, "Forbidden");
            }

            await store.WriteAsync(db => db.Execute("DELETE FROM secrets WHERE name = @n", ("@n", name)), cancellationToken);
            return Results.NoContent();
        });

        routes.MapGet("/api/addons/{addon}/{version}/customProcessorHandlers", async (string addon, string version, string? variant, CancellationToken cancellationToken) =>
        {
            var result = await store.ReadAsync<JsonNode?>(db =>
            {
                if (!AddonExists(db, addon, version))
                {
                    return null;
                }

                var handlers = db.Scalar("SELECT handlers FROM custom_handlers WHERE variant = @v", ("@v", variant ?? "production")) as string;
                return new JsonObject { ["custom_handlers"] = handlers is null ? new JsonArray() : JsonNode.Parse(handlers) };
            }, cancellationToken);
            return result is null ? await AddonMissingAsync(store, addon, version, cancellationToken) : AyonHttp.Json(result);
        });

        foreach (var prefix in new[] { "/addons", "/api/addons" })
        {
            routes.MapGet(prefix + "/{addon}/{version}/private/{**path}", (string addon, string version, string path, CancellationToken cancellationToken) =>
                FileAsync(store, addon, version, "private", path, cancellationToken));
            routes.MapGet(prefix + "/{addon}/{version}/public/{**path}", (string addon, string version, string path, CancellationToken cancellationToken) =>
                FileAsync(store, addon, version, "public", path, cancellationToken)).AllowAnonymous();
        }
    }

    /// <summary>The 404 of <c>AddonLibrary.addon</c>: one text for an unknown addon, another for an unknown version of a known one.</summary>
    private static async Task<IResult> AddonMissingAsync(AyonStore store, string addon, string version, CancellationToken cancellationToken)
    {
        var known = await store.ReadAsync(db => db.Scalar("SELECT 1 FROM addons WHERE name = @n", ("@n", addon)) is not null, cancellationToken);
        return AyonHttp.Error(404, known ? $"Addon {addon} version {version} does not exist" : $"Addon {addon} does not exist");
    }

    internal static bool AddonExists(AyonDb db, string addon, string version) =>
        db.Scalar("SELECT 1 FROM addons WHERE name = @n AND version = @v", ("@n", addon), ("@v", version)) is not null;

    internal static void EnsureAddon(AyonDb db, string addon, string version)
    {
        db.Execute("INSERT OR IGNORE INTO addons (name, version, title, defaults) VALUES (@n, @v, @n, NULL)", ("@n", addon), ("@v", version));
        AddToSeededBundle(db, addon, version);
    }

    /// <summary>
    /// An addon version registered by seeding joins the seeded production bundle (replacing another version of the same
    /// addon) while that bundle is still the production one; a production bundle added with <c>AddBundleAsync</c> takes over.
    /// </summary>
    internal static void AddToSeededBundle(AyonDb db, string addon, string version) =>
        db.Execute("UPDATE bundles SET addons = json_set(addons, '$.\"' || @a || '\"', @v) WHERE name = @n AND is_production = 1",
            ("@a", addon), ("@v", version), ("@n", SeededBundle));

    internal static void SetSecret(AyonDb db, string name, string value) =>
        db.Execute("INSERT INTO secrets (name, value) VALUES (@n, @v) ON CONFLICT(name) DO UPDATE SET value = excluded.value", ("@n", name), ("@v", value));

    /// <summary>Defaults ⊕ studio overrides of the variant (⊕ project overrides); null when the addon is unknown.</summary>
    internal static JsonObject? Settings(AyonDb db, string addon, string version, string variant, string? project)
    {
        var defaults = db.Query("SELECT defaults FROM addons WHERE name = @n AND version = @v", r => (Found: true, Defaults: r.JsonObjectAt(0)), ("@n", addon), ("@v", version)).FirstOrDefault();
        if (!defaults.Found)
        {
            return null;
        }

        var result = defaults.Defaults ?? [];
        Merge(result, Overrides(db, addon, version, variant, ""));
        if (project is not null)
        {
            Merge(result, Overrides(db, addon, version, variant, project));
        }

        return result;
    }

    private static JsonObject? Overrides(AyonDb db, string addon, string version, string variant, string project) =>
        db.Query("SELECT overrides FROM addon_overrides WHERE addon = @a AND version = @v AND variant = @var AND project = @p",
            r => r.JsonObjectAt(0), ("@a", addon), ("@v", version), ("@var", variant), ("@p", project)).FirstOrDefault();

    /// <summary>Deep merge: objects merge per key, anything else replaces.</summary>
    internal static void Merge(JsonObject target, JsonObject? overrides)
    {
        if (overrides is null)
        {
            return;
        }

        foreach (var (key, value) in overrides)
        {
            if (value is JsonObject o && target[key] is JsonObject existing)
            {
                Merge(existing, o);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonObject? AllSettings(AyonDb db, string variant, string? project, string? bundleName)
    {
        var condition = bundleName is not null ? "name = @b" : variant switch
        {
            "production" => "is_production = 1",
            "staging" => "is_staging = 1",
            _ => "name = @b",
        };
        var bundle = db.Query($"SELECT name, addons FROM bundles WHERE {condition}", r => (Name: r.GetString(0), Addons: r.JsonObjectAt(1) ?? []),
            ("@b", bundleName ?? variant)).FirstOrDefault();
        if (bundle.Name is null)
        {
            return null;
        }

        var addons = new JsonArray();
        foreach (var (name, versionNode) in bundle.Addons)
        {
            var version = versionNode?.GetValue<string>();
            if (version is null)
            {
                continue;
            }

            var settings = Settings(db, name, version, variant, project);
            var entry = new JsonObject
            {
                ["name"] = name,
                ["title"] = name,
                ["version"] = version,
                ["hasSettings"] = settings is { Count: > 0 },
                ["hasProjectSettings"] = settings is { Count: > 0 },
                ["settings"] = settings ?? [],
                ["siteSettings"] = new JsonObject(),
                ["isBroken"] = settings is null,
                ["isProjectBundle"] = false,
            };
            addons.Add(entry);
        }

        var result = new JsonObject { ["bundleName"] = bundle.Name };
        if (project is not null)
        {
            result["projectName"] = project;
        }

        result["addons"] = addons;
        result["inheritedAddons"] = new JsonArray();
        return result;
    }

    /// <summary>The media type the server's file response guesses from the extension.</summary>
    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".json" => "application/json",
        ".zip" => "application/zip",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// static.py get_private_addon_file / get_public_addon_file: the addon version must exist (AddonLibrary.addon's 404s),
    /// then its <paramref name="scope"/> directory, then the path must be plain segments ("Invalid file path"), then the file.
    /// </summary>
    private static async Task<IResult> FileAsync(AyonStore store, string addon, string version, string scope, string path, CancellationToken cancellationToken)
    {
        var (exists, hasScope, content) = await store.ReadAsync(db => (
            AddonExists(db, addon, version),
            db.Scalar("SELECT 1 FROM addon_files WHERE addon = @a AND version = @v AND scope = @s LIMIT 1", ("@a", addon), ("@v", version), ("@s", scope)) is not null,
            db.Scalar("SELECT content FROM addon_files WHERE addon = @a AND version = @v AND scope = @s AND path = @p",
                ("@a", addon), ("@v", version), ("@s", scope), ("@p", path)) as byte[]), cancellationToken);
        if (!exists)
        {
            return await AddonMissingAsync(store, addon, version, cancellationToken);
        }

        if (!hasScope)
        {
            return AyonHttp.Error(404, $"Addon does not have a {scope} directory");
        }

        if (path.Split('/').Any(s => s.Trim().Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            return AyonHttp.Error(404, "Invalid file path");
        }

        return content is null ? AyonHttp.Error(404, "File not found") : Results.Bytes(content, ContentType(path));
    }
}
