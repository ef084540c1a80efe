using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary><c>GET /</c>, <c>/api/info</c>, <c>/api/users/me</c> and the <c>POST /graphql</c> endpoint (ayon-protocol.md §1.4, §3.10).</summary>
internal sealed class AyonCoreModule : IAyonEmulatorModule
{
    public int Order => 0;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        var startedAt = TimeProvider.System.GetTimestamp();
        routes.MapGet("/", () => Results.Content("<!doctype html><title>AYON emulator</title>", "text/html")).AllowAnonymous();

        routes.MapGet("/api/info", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var info = new JsonObject
            {
                ["version"] = emulator.Options.ServerVersion,
                ["uptime"] = (long)TimeProvider.System.GetElapsedTime(startedAt).TotalSeconds,
            };
            if (http.AyonOrNull() is { } context)
            {
                info["user"] = context.User.ToJson();
                info["attributes"] = await emulator.Store.ReadAsync(db => AyonAttributeRows.ListJson(db), cancellationToken);
                info["sites"] = new JsonArray();
            }

            return AyonHttp.Json(info);
        }).AllowAnonymous();

        routes.MapGet("/api/users/me", (HttpContext http) => AyonHttp.Json(http.Ayon().User.ToJson()));

        routes.MapPost("/graphql", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            var query = body.StringField("query") ?? throw new AyonBadRequestException("query is required");
            var variables = body.Field("variables") as JsonObject;
            var response = await emulator.GraphQl.ExecuteAsync(query, variables, http.Ayon(), emulator.Store, cancellationToken);
            return AyonHttp.Json(response);
        });
    }
}
