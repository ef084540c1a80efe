using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>Users and access groups of ayon-protocol.md §3.6 (the <c>users</c> table belongs to the core emulator).</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapGet("/api/users/{userName}", async (string userName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var user = await emulator.Store.ReadAsync(db => AyonEmulator.FindUser(db, userName), cancellationToken);
            if (user is null)
            {
                return AyonHttp.Error(404, $"User {userName} not found");
            }

            return http.Ayon().IsManager
                ? AyonHttp.Json(user.ToJson())
                : AyonHttp.Json(new JsonObject { ["name"] = user.Name, ["attrib"] = new JsonObject { ["fullName"] = user.Attrib["fullName"]?.DeepClone() } });
        });

        routes.MapPut("/api/users/{userName}", async (string userName, HttpContext http, CancellationToken cancellationToken) =>
        {
            ProjectEndpoints.RequireManager(http);
            if (!EntityNames.UserName().IsMatch(userName))
            {
                throw new AyonBadRequestException($"Invalid user name '{userName}'");
            }

            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var context = http.Ayon();
            await emulator.Store.WriteAsync(db =>
            {
                if (AyonEmulator.FindUser(db, userName) is not null)
                {
                    throw new AyonHttpException(409, "User already exists");
                }

                var data = WithoutNulls(body.ObjectField("data"));
                UserAccessGroups.Validate(data);
                UserAccessGroups.Clean(db, data);
                var apiKey = body.StringField("apiKey", "api_key");
                var now = db.NowText;
                db.Execute("""
                    INSERT INTO users (name, api_key_hash, active, attrib, data, created_at, updated_at)
                    VALUES (@n, @k, @active, @a, @d, @now, @now)
                    """,
                    ("@n", userName), ("@k", apiKey is null ? null : AyonEmulator.HashKey(apiKey)), ("@active", body.BoolField("active") ?? true),
                    ("@a", WithoutNulls(body.ObjectField("attrib"))), ("@d", data), ("@now", now));
                EntityRequests.Publish(db, context, new EntityEventDraft(
                    "entity.user.created", null, $"Created user {userName}", new JsonObject { ["entityName"] = context.UserName }, []));
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapPatch("/api/users/{userName}", async (string userName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var body = await ProjectEndpoints.RequireBodyAsync(http, cancellationToken);
            var context = http.Ayon();
            await emulator.Store.WriteAsync(db =>
            {
                var user = AyonEmulator.FindUser(db, userName) ?? throw new AyonHttpException(404, $"User {userName} not found");
                if (!context.IsManager && context.UserName != userName)
                {
                    throw new AyonHttpException(403, "Only managers can change other users");
                }

                var data = body.ObjectField("data");
                if (data is not null)
                {
                    CheckRoleChange(context, user, data);
                    UserAccessGroups.Validate(data);
                }

                var attrib = body.ObjectField("attrib");
                db.Execute("UPDATE users SET active = @active, attrib = @a, data = @d, updated_at = @now WHERE name = @n",
                    ("@n", userName),
                    ("@active", body.BoolField("active") ?? user.Active),
                    ("@a", attrib is null ? user.Attrib : EntityAttributes.MergeOwn(user.Attrib, attrib)),
                    ("@d", data is null ? user.Data : MergeData(db, user.Data, data)),
                    ("@now", db.NowText));
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapGet("/api/accessGroups/{projectName}", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            ProjectEndpoints.RequireManager(http);
            var groups = await emulator.Store.ReadAsync(db => new SqliteEntityStore(db).ListDocuments(EntityCollections.AccessGroups, null), cancellationToken);
            return AyonHttp.Json(new JsonArray([.. groups.Select(g => (JsonNode?)g)]));
        });
    }

    /// <summary>The node of GraphQL <c>users</c> (JSON-string fields as the real server).</summary>
    public static JsonObject ToNode(AyonUserRecord user)
    {
        var accessGroups = user.Data["accessGroups"] as JsonObject ?? [];
        return new JsonObject
        {
            ["name"] = user.Name,
            ["active"] = user.Active,
            ["createdAt"] = user.CreatedAt,
            ["updatedAt"] = user.UpdatedAt,
            ["accessGroups"] = accessGroups.ToJsonString(),
            ["defaultAccessGroups"] = user.Data["defaultAccessGroups"]?.DeepClone() ?? new JsonArray(),
            ["isAdmin"] = user.IsAdmin,
            ["isManager"] = user.IsManager,
            ["isService"] = user.IsService,
            ["isGuest"] = user.IsGuest,
            ["isDeveloper"] = user.Data["isDeveloper"] is JsonValue v && v.TryGetValue<bool>(out var dev) && dev,
            ["hasPassword"] = false,
            ["attrib"] = user.Attrib.DeepClone(),
            ["allAttrib"] = user.Attrib.ToJsonString(),
        };
    }

    private static void CheckRoleChange(AyonRequestContext context, AyonUserRecord user, JsonObject data)
    {
        bool Changes(string key) => data.ContainsKey(key) && !JsonNode.DeepEquals(data[key], user.Data[key]);
        if (!context.IsAdmin && (Changes("isAdmin") || Changes("isDeveloper")))
        {
            throw new AyonHttpException(403, "Only admins can change isAdmin or isDeveloper");
        }

        if (!context.IsManager && Changes("isManager"))
        {
            throw new AyonHttpException(403, "Only managers can change isManager");
        }

        if (context.UserName == user.Name && (data["isAdmin"] is JsonValue a && a.TryGetValue<bool>(out var admin) && !admin && user.Data["isAdmin"] is not null
            || data["isManager"] is JsonValue m && m.TryGetValue<bool>(out var manager) && !manager && user.Data["isManager"] is not null))
        {
            throw new AyonHttpException(403, "Users cannot demote themselves");
        }
    }

    /// <summary>One-level merge of <c>data</c> (a key set to null goes), then AYON's access-group clean-up on save.</summary>
    private static JsonObject MergeData(AyonDb db, JsonObject existing, JsonObject patch)
    {
        var merged = EntityAttributes.MergeOwn(existing, patch);
        UserAccessGroups.Clean(db, merged);
        return merged;
    }

    private static JsonObject WithoutNulls(JsonObject? body) => body is null ? [] : EntityEvents.WithoutNulls(body);
}
