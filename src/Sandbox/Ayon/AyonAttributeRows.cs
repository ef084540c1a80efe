using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Attribute definitions (table <c>attributes</c>, ayon-protocol.md §3.2). Entity code reads
/// <see cref="ScopeOf"/> to drop attributes undefined for an entity type.
/// </summary>
public static class AyonAttributeRows
{
    internal static void CreateSchema(AyonDb db) => db.Execute("""
        CREATE TABLE IF NOT EXISTS attributes (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0,
            scope TEXT NOT NULL,
            data TEXT NOT NULL
        );
        """);

    /// <summary>Creates or replaces an attribute definition.</summary>
    public static void Upsert(AyonDb db, string name, int position, IEnumerable<string> scope, JsonObject data, bool builtin)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Execute("""
            INSERT INTO attributes (name, position, builtin, scope, data) VALUES (@n, @p, @b, @s, @d)
            ON CONFLICT(name) DO UPDATE SET position = excluded.position, scope = excluded.scope, data = excluded.data
            """, ("@n", name), ("@p", position), ("@b", builtin), ("@s", new JsonArray([.. scope.Select(s => (JsonNode?)s)])), ("@d", data));
    }

    /// <summary>All attributes ordered by position, in the wire shape.</summary>
    public static JsonArray ListJson(AyonDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new JsonArray([.. db.Query("SELECT name, position, builtin, scope, data FROM attributes ORDER BY position, name", r => (JsonNode?)new JsonObject
        {
            ["name"] = r.GetString(0),
            ["position"] = r.GetInt32(1),
            ["builtin"] = r.GetInt64(2) != 0,
            ["scope"] = r.JsonAt(3),
            ["data"] = r.JsonAt(4),
        })]);
    }

    /// <summary>The names of the attributes whose scope includes <paramref name="entityType"/> (e.g. <c>folder</c>).</summary>
    public static HashSet<string> ScopeOf(AyonDb db, string entityType)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. db.Query("SELECT name, scope FROM attributes", r => (Name: r.GetString(0), Scope: r.JsonAt(1) as JsonArray))
            .Where(a => a.Scope?.Any(s => s?.GetValue<string>() == entityType) == true)
            .Select(a => a.Name)];
    }

    internal static JsonObject Data(string type, string title, bool inherit = true, JsonNode? @default = null) => new()
    {
        ["type"] = type,
        ["title"] = title,
        ["description"] = null,
        ["example"] = null,
        ["default"] = @default,
        ["inherit"] = inherit,
    };
}

/// <summary>Attribute endpoints and the pre-seeded built-ins.</summary>
internal sealed class AyonAttributesModule : IAyonEmulatorModule
{
    private static readonly string[] ProjectLevel = ["project", "folder", "task", "product", "version", "representation", "workfile"];

    public int Order => 1;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
        AyonAttributeRows.CreateSchema(db);
        if (db.Scalar("SELECT COUNT(*) FROM attributes") is long n && n > 0)
        {
            return;
        }

        var position = 0;
        void BuiltIn(string name, string type, string title, string[] scope, JsonNode? @default = null) =>
            AyonAttributeRows.Upsert(db, name, position++, scope, AyonAttributeRows.Data(type, title, true, @default), builtin: true);

        string[] folderish = ["project", "folder", "task"];
        BuiltIn("fps", "float", "FPS", ProjectLevel, 25.0);
        BuiltIn("resolutionWidth", "integer", "Width", ProjectLevel, 1920);
        BuiltIn("resolutionHeight", "integer", "Height", ProjectLevel, 1080);
        BuiltIn("pixelAspect", "float", "Pixel aspect", ProjectLevel, 1.0);
        BuiltIn("clipIn", "integer", "Clip in", ProjectLevel, 1);
        BuiltIn("clipOut", "integer", "Clip out", ProjectLevel, 1);
        BuiltIn("frameStart", "integer", "Start frame", ProjectLevel, 1001);
        BuiltIn("frameEnd", "integer", "End frame", ProjectLevel, 1001);
        BuiltIn("handleStart", "integer", "Handle start", ProjectLevel, 0);
        BuiltIn("handleEnd", "integer", "Handle end", ProjectLevel, 0);
        BuiltIn("startDate", "datetime", "Start date", folderish);
        BuiltIn("endDate", "datetime", "End date", folderish);
        BuiltIn("description", "string", "Description", ProjectLevel);
        BuiltIn("fullName", "string", "Full name", ["user"]);
        BuiltIn("email", "string", "E-mail", ["user"]);
        BuiltIn("avatarUrl", "string", "Avatar URL", ["user"]);
        if (emulator.Options.SeedFtrackAttributes)
        {
            AyonAttributeRows.Upsert(db, "ftrackId", position++, ["project", "folder", "task", "version", "list"], AyonAttributeRows.Data("string", "ftrack id", inherit: false), builtin: false);
            AyonAttributeRows.Upsert(db, "ftrackPath", position, ["project", "folder", "task"], AyonAttributeRows.Data("string", "ftrack path", inherit: false), builtin: false);
        }
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapGet("/api/attributes", async (CancellationToken cancellationToken) =>
            AyonHttp.Json(new JsonObject { ["attributes"] = await emulator.Store.ReadAsync(AyonAttributeRows.ListJson, cancellationToken) }));

        routes.MapGet("/api/attributes/{name}", async (string name, CancellationToken cancellationToken) =>
        {
            var list = await emulator.Store.ReadAsync(AyonAttributeRows.ListJson, cancellationToken);
            var found = list.FirstOrDefault(a => a?["name"]?.GetValue<string>() == name);
            return found is null ? AyonHttp.Error(404, $"Attribute {name} not found") : AyonHttp.Json(found.DeepClone());
        });

        routes.MapPut("/api/attributes/{name}", async (string name, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!http.Ayon().IsAdmin)
            {
                return AyonHttp.Error(403, "Only administrators are allowed to modify attributes");
            }

            if (!AyonNames.AttributeName().IsMatch(name))
            {
                return AyonHttp.ValidationError(http, $"invalid attribute name {name}");
            }

            var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            var position = body.IntField("position") ?? throw new AyonBadRequestException("position is required");
            var scope = body.Field("scope") as JsonArray ?? throw new AyonBadRequestException("scope must be a list");
            var data = body.ObjectField("data") ?? throw new AyonBadRequestException("data is required");
            if (data["type"] is null)
            {
                throw new AyonBadRequestException("data.type is required");
            }

            data.TryAdd("inherit", true);
            await emulator.Store.WriteAsync(db =>
            {
                var builtin = db.Scalar("SELECT builtin FROM attributes WHERE name = @n", ("@n", name)) is long b && b != 0;
                AyonAttributeRows.Upsert(db, name, position, scope.Select(s => s?.GetValue<string>() ?? ""), data, builtin);
            }, cancellationToken);
            return Results.NoContent();
        });
    }
}
