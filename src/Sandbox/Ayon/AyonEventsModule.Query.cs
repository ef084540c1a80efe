using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.GraphQl;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>The events' reads beside the REST ones: <c>POST /api/query</c> (snake_case rows) and the GraphQL <c>events</c> connection with its filters and paging.</summary>
internal sealed partial class AyonEventsModule
{
    // ---- /api/query --------------------------------------------------------------------------

    private static async Task<IResult> QueryAsync(HttpContext http, AyonStore store, CancellationToken cancellationToken)
    {
        if (!http.Ayon().IsAdmin)
        {
            return AyonHttp.Error(403, "Only admins can use this endpoint");
        }

        var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var entity = body.StringField("entity") ?? throw new AyonBadRequestException("entity is required");
        if (entity != "event")
        {
            return AyonHttp.Error(500, $"Querying '{entity}' is not supported");
        }

        var limit = body.IntField("limit") ?? 100;
        var offset = body.IntField("offset") ?? 0;
        var filterSql = new AyonQueryFilterSql("e");
        var condition = filterSql.Translate(body.Field("filter") as JsonObject);
        List<(string Name, object? Value)> parameters = [.. filterSql.Parameters, ("@limit", limit), ("@offset", offset)];
        var rows = await store.ReadAsync(db => db.Query(
            $"SELECT {AyonEventRows.Columns} FROM events e WHERE {condition} ORDER BY e.creation_order DESC LIMIT @limit OFFSET @offset",
            AyonEventRows.Read, [.. parameters]), cancellationToken);
        return AyonHttp.Json(new JsonArray([.. rows.Select(r => (JsonNode?)SnakeJson(r))]));
    }

    private static JsonObject SnakeJson(AyonEventRow r)
    {
        var o = new JsonObject();
        void Put(string key, JsonNode? value)
        {
            if (value is not null)
            {
                o[key] = value;
            }
        }

        Put("id", r.Id);
        Put("hash", r.Hash);
        Put("topic", r.Topic);
        Put("sender", r.Sender);
        Put("sender_type", r.SenderType);
        Put("project", r.Project);
        Put("user", r.User);
        Put("depends_on", r.DependsOn);
        Put("status", r.Status);
        Put("retries", r.Retries);
        Put("description", r.Description);
        Put("summary", r.Summary.DeepClone());
        Put("payload", r.Payload.DeepClone());
        Put("created_at", r.CreatedAt);
        Put("updated_at", r.UpdatedAt);
        return o;
    }

    // ---- GraphQL events ----------------------------------------------------------------------

    private static async Task<JsonNode?> ResolveEventsAsync(GqlFieldContext context, CancellationToken cancellationToken)
    {
        var f = context.Field;
        var conditions = new List<string>();
        var parameters = new List<(string Name, object? Value)>();
        var n = 0;
        string In(string column, IReadOnlyList<string> values, bool like = false)
        {
            if (values.Count == 0)
            {
                return "0=1";
            }

            var names = new List<string>();
            foreach (var v in values)
            {
                var name = "@g" + (n++).ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                parameters.Add((name, like ? v.Replace('*', '%') : v));
            }

            return like ? "(" + string.Join(" OR ", names.Select(x => $"{column} LIKE {x}")) + ")" : $"{column} IN ({string.Join(", ", names)})";
        }

        var ids = f.StringsArg("ids");
        if (ids is not null)
        {
            conditions.Add(In("id", ids));
        }

        if (f.StringsArg("topics") is { } topics)
        {
            conditions.Add(In("topic", topics, like: true));
        }
        else if (f.BoolArg("includeLogs") != true)
        {
            conditions.Add("topic NOT LIKE 'log.%'");
        }

        if (f.StringsArg("projects") is { } projects)
        {
            conditions.Add(In("project", projects));
        }

        if (f.StringsArg("users") is { } users)
        {
            conditions.Add(In("user", users));
        }

        if ((f.StringsArg("statuses") ?? f.StringsArg("states")) is { } statuses)
        {
            conditions.Add(In("status", statuses));
        }

        if (!context.Request.IsManager && ids is null)
        {
            conditions.Add("user = @me");
            parameters.Add(("@me", context.Request.UserName));
        }

        if (f.BoolArg("hasChildren") is { } hasChildren)
        {
            conditions.Add(hasChildren
                ? "EXISTS (SELECT 1 FROM events c WHERE c.depends_on = events.id)"
                : "NOT EXISTS (SELECT 1 FROM events c WHERE c.depends_on = events.id)");
        }

        if (f.StringArg("olderThan") is { } olderThan)
        {
            conditions.Add("created_at < @older");
            parameters.Add(("@older", AyonTime.Parse(olderThan) is { } o ? AyonTime.Format(o) : throw new GqlFieldException($"olderThan '{olderThan}' is not a timestamp")));
        }

        if (f.StringArg("newerThan") is { } newerThan)
        {
            conditions.Add("created_at > @newer");
            parameters.Add(("@newer", AyonTime.Parse(newerThan) is { } o ? AyonTime.Format(o) : throw new GqlFieldException($"newerThan '{newerThan}' is not a timestamp")));
        }

        if (f.StringArg("filter") is { } text)
        {
            foreach (var token in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length >= 3))
            {
                var name = "@g" + (n++).ToString(CultureInfo.InvariantCulture);
                parameters.Add((name, "%" + token + "%"));
                conditions.Add($"(topic LIKE {name} OR project LIKE {name} OR user LIKE {name} OR description LIKE {name})");
            }
        }

        var where = conditions.Count == 0 ? "1=1" : string.Join(" AND ", conditions);
        var rows = await context.Store.ReadAsync(db => db.Query(
            $"SELECT {AyonEventRows.Columns} FROM events WHERE {where} ORDER BY creation_order",
            AyonEventRows.Read, [.. parameters]), cancellationToken);
        return GqlPaging.Connection([.. rows.Select(r => (r.CreationOrder, GraphQlNode(r)))], f);
    }

    private static JsonObject GraphQlNode(AyonEventRow r) => new()
    {
        ["id"] = r.Id,
        ["hash"] = r.Hash,
        ["topic"] = r.Topic,
        ["project"] = r.Project,
        ["user"] = r.User,
        ["sender"] = r.Sender,
        ["dependsOn"] = r.DependsOn,
        ["status"] = r.Status,
        ["retries"] = r.Retries,
        ["description"] = r.Description,
        ["summary"] = r.Summary.ToJsonString(),
        ["payload"] = r.Payload.Count == 0 ? null : r.Payload.ToJsonString(),
        ["createdAt"] = r.CreatedAt,
        ["updatedAt"] = r.UpdatedAt,
    };
}
