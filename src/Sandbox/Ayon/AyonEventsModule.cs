using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon.GraphQl;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Events: dispatch, read, patch, delete (ayon-protocol.md §2.2–2.5), enroll (§2.6), <c>POST /api/query</c>
/// (§2.7.2) and the GraphQL <c>events</c> root field (§2.7.1).
/// </summary>
internal sealed class AyonEventsModule : IAyonEmulatorModule
{
    private static readonly HashSet<string> Statuses =
        [AyonEventStatus.Pending, AyonEventStatus.InProgress, AyonEventStatus.Finished, AyonEventStatus.Failed, AyonEventStatus.Aborted, AyonEventStatus.Restarted];

    public int Order => 2;

    public void Initialize(AyonEmulator emulator, AyonDb db) =>
        emulator.GraphQl.RegisterRootField("events", (context, cancellationToken) => ResolveEventsAsync(context, cancellationToken));

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        var store = emulator.Store;
        routes.MapPost("/api/events", (HttpContext http, CancellationToken cancellationToken) => DispatchAsync(http, store, cancellationToken));
        routes.MapGet("/api/events/{id}", (string id, HttpContext http, CancellationToken cancellationToken) => GetAsync(id, http, store, cancellationToken));
        routes.MapPatch("/api/events/{id}", (string id, HttpContext http, CancellationToken cancellationToken) => PatchAsync(id, http, store, cancellationToken));
        routes.MapDelete("/api/events/{id}", (string id, HttpContext http, CancellationToken cancellationToken) => DeleteAsync(id, http, store, cancellationToken));
        var checkCursors = emulator.Options.CheckEnrollCursors;
        routes.MapPost("/api/enroll", (HttpContext http, CancellationToken cancellationToken) => EnrollAsync(http, store, checkCursors, cancellationToken));
        routes.MapPost("/api/query", (HttpContext http, CancellationToken cancellationToken) => QueryAsync(http, store, cancellationToken));
    }

    private static void RequireId(string id)
    {
        if (!AyonNames.Id().IsMatch(id))
        {
            throw new AyonBadRequestException($"event id '{id}' must be 32 lowercase hex characters");
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------

    private static async Task<IResult> DispatchAsync(HttpContext http, AyonStore store, CancellationToken cancellationToken)
    {
        var ctx = http.Ayon();
        if (!ctx.IsManager)
        {
            return AyonHttp.Error(403, "Only managers are allowed to dispatch events");
        }

        var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var topic = body.StringField("topic") ?? throw new AyonBadRequestException("topic is required");
        if (!AyonNames.Topic().IsMatch(topic))
        {
            throw new AyonBadRequestException($"topic '{topic}' does not match the topic pattern");
        }

        var project = body.StringField("project", "project_name");
        if (project is not null && !AyonNames.EntityName().IsMatch(project))
        {
            throw new AyonBadRequestException($"project '{project}' does not match the name pattern");
        }

        var insert = new AyonEventInsert
        {
            Topic = topic,
            Hash = body.StringField("hash"),
            Sender = body.StringField("sender") ?? ctx.Sender,
            SenderType = ctx.SenderType,
            Project = project,
            User = ctx.UserName,
            Status = body.BoolField("finished") ?? true ? AyonEventStatus.Finished : AyonEventStatus.Pending,
            Description = body.StringField("description") ?? "",
            // Stored as text straight from the request (no copy): the body is not used afterwards.
            Summary = ObjectOf(body, "summary"),
            Payload = ObjectOf(body, "payload"),
        };
        var reuse = body.BoolField("reuse") ?? false;
        if (!(body.BoolField("store") ?? true))
        {
            return AyonHttp.Json(new JsonObject { ["id"] = AyonIds.New() });
        }

        return await store.WriteAsync<IResult>(db =>
        {
            if (reuse && insert.Hash is { } hash && db.Scalar("SELECT id FROM events WHERE hash = @h", ("@h", hash)) is string oldId)
            {
                if (db.Scalar("SELECT 1 FROM events WHERE depends_on = @id", ("@id", oldId)) is not null)
                {
                    return AyonHttp.Error(409, "Event with the same hash already exists and other events depend on it");
                }

                db.Execute("DELETE FROM events WHERE id = @id", ("@id", oldId));
            }

            try
            {
                return AyonHttp.Json(new JsonObject { ["id"] = AyonEventRows.Insert(db, insert) });
            }
            catch (AyonDuplicateHashException)
            {
                return AyonHttp.Error(409, "Event with the same hash already exists");
            }
        }, cancellationToken);
    }

    private static JsonObject? ObjectOf(JsonObject body, string name) => body.Field(name) switch
    {
        null => null,
        JsonObject o => o,
        _ => throw new AyonBadRequestException($"{name} must be an object"),
    };

    // ---- read, patch, delete -----------------------------------------------------------------

    private static async Task<IResult> GetAsync(string id, HttpContext http, AyonStore store, CancellationToken cancellationToken)
    {
        RequireId(id);
        if (http.Ayon().IsGuest)
        {
            return AyonHttp.Error(403, "Guests are not allowed to read events");
        }

        var row = await store.ReadAsync(db => AyonEventRows.Get(db, id), cancellationToken);
        return row is null ? AyonHttp.Error(404, "Event not found") : AyonHttp.Json(row.ToRestJson());
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, AyonStore store, CancellationToken cancellationToken)
    {
        RequireId(id);
        var ctx = http.Ayon();
        var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var status = body.StringField("status");
        if (status is not null && !Statuses.Contains(status))
        {
            throw new AyonBadRequestException($"status '{status}' is not an event status");
        }

        var progress = body.IntField("progress");
        if (progress is < 0 or > 100)
        {
            throw new AyonBadRequestException("progress must be between 0 and 100");
        }

        var sender = body.StringField("sender");
        var project = body.HasField("project") ? body.StringField("project") : body.StringField("projectName", "project_name");
        var user = body.StringField("user");
        var description = body.StringField("description");
        var summary = ObjectOf(body, "summary");
        var payload = ObjectOf(body, "payload");
        var retries = body.IntField("retries");
        var projectGiven = body.HasField("project") || body.HasField("projectName", "project_name");
        return await store.WriteAsync<IResult>(db =>
        {
            // Only what the checks need; fields the body leaves out keep their stored value inside the UPDATE itself.
            var found = db.Query("SELECT user, status, depends_on FROM events WHERE id = @id", r => (User: r.Text(0), Status: r.GetString(1), DependsOn: r.Text(2)), ("@id", id));
            if (found.Count == 0)
            {
                return AyonHttp.Error(404, "Event not found");
            }

            var row = found[0];
            if (!ctx.IsManager && row.User != ctx.UserName)
            {
                return AyonHttp.Error(403, "Not allowed to update this event");
            }

            if (status is not null && status != row.Status && !ctx.IsService && row.DependsOn is null)
            {
                return AyonHttp.Error(403, "Only services can change the status of this event");
            }

            db.Execute("""
                UPDATE events SET sender = COALESCE(@sender, sender), sender_type = @st,
                    project = CASE WHEN @projectGiven THEN @project ELSE project END,
                    user = COALESCE(@user, user, @caller), status = COALESCE(@status, status),
                    description = COALESCE(@desc, description), summary = COALESCE(@summary, summary), payload = COALESCE(@payload, payload),
                    retries = COALESCE(@retries, retries), updated_at = @now
                WHERE id = @id
                """,
                ("@id", id),
                ("@sender", sender ?? ctx.Sender),
                ("@st", ctx.SenderType),
                ("@projectGiven", projectGiven),
                ("@project", project),
                ("@user", user),
                ("@caller", ctx.UserName),
                ("@status", status),
                ("@desc", description),
                ("@summary", summary),
                ("@payload", payload),
                ("@retries", retries),
                ("@now", db.NowText));
            return Results.NoContent();
        }, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, AyonStore store, CancellationToken cancellationToken)
    {
        RequireId(id);
        if (!http.Ayon().IsAdmin)
        {
            return AyonHttp.Error(403, "Only administrators are allowed to delete events");
        }

        return await store.WriteAsync<IResult>(db =>
        {
            if (db.Scalar("SELECT 1 FROM events WHERE depends_on = @id", ("@id", id)) is not null)
            {
                return AyonHttp.Json(new JsonObject
                {
                    ["code"] = 409,
                    ["detail"] = "Unable to delete the event: other events depend on it",
                    ["error"] = "foreign-key-violation",
                }, 500);
            }

            db.Execute("DELETE FROM events WHERE id = @id", ("@id", id));
            return Results.NoContent();
        }, cancellationToken);
    }

    // ---- enroll ------------------------------------------------------------------------------

    /// <summary>Parsed enroll request (defaults applied).</summary>
    private sealed record Enroll(
        JsonNode SourceTopic, string TargetTopic, string Sender, string SenderType, string Description, bool Sequential,
        JsonObject? Filter, int MaxRetries, IReadOnlyList<string>? IgnoreSenderTypes, int IgnoreOlderThan, string User);

    private static async Task<IResult> EnrollAsync(HttpContext http, AyonStore store, bool checkCursors, CancellationToken cancellationToken)
    {
        var ctx = http.Ayon();
        if (!ctx.IsService)
        {
            return AyonHttp.Error(403, "Only services can enroll for jobs");
        }

        if (ctx.SenderTypeHeaderInvalid)
        {
            throw new AyonBadRequestException("x-sender-type does not match the name pattern");
        }

        var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var request = ParseEnroll(body, ctx);
        return await store.WriteAsync(db => RunEnroll(db, request, checkCursors), cancellationToken);
    }

    private static Enroll ParseEnroll(JsonObject body, AyonRequestContext ctx)
    {
        var source = body.Field("sourceTopic", "source_topic") ?? throw new AyonBadRequestException("sourceTopic is required");
        string sourceText;
        switch (source)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (!AyonNames.Topic().IsMatch(s))
                {
                    throw new AyonBadRequestException($"sourceTopic '{s}' does not match the topic pattern");
                }

                sourceText = s;
                break;
            case JsonArray a when a.Count > 0:
                var items = new List<string>();
                foreach (var item in a)
                {
                    if (item is not JsonValue iv || !iv.TryGetValue<string>(out var t) || !AyonNames.Topic().IsMatch(t))
                    {
                        throw new AyonBadRequestException("every sourceTopic item must match the topic pattern");
                    }

                    items.Add(t);
                }

                sourceText = "[" + string.Join(", ", items.Select(i => $"'{i}'")) + "]";
                break;
            default:
                throw new AyonBadRequestException("sourceTopic must be a string or a non-empty list of strings");
        }

        var target = body.StringField("targetTopic", "target_topic") ?? throw new AyonBadRequestException("targetTopic is required");
        if (!AyonNames.Topic().IsMatch(target) || target.Contains('*', StringComparison.Ordinal))
        {
            throw new AyonBadRequestException($"targetTopic '{target}' must be a topic without wildcards");
        }

        var ignore = body.Field("ignoreSenderTypes", "ignore_sender_types") switch
        {
            null => null,
            JsonArray arr => arr.Select(x => x?.GetValue<string>() ?? throw new AyonBadRequestException("ignoreSenderTypes items must be strings")).ToList(),
            _ => throw new AyonBadRequestException("ignoreSenderTypes must be a list"),
        };
        var filter = body.Field("filter") switch
        {
            null => null,
            JsonObject f => f,
            _ => throw new AyonBadRequestException("filter must be an object"),
        };
        return new Enroll(
            source.DeepClone(),
            target,
            body.StringField("sender") ?? ctx.Sender ?? "ayon_server",
            body.StringField("senderType", "sender_type") ?? ctx.SenderType,
            body.StringField("description") ?? $"Convert from {sourceText} to {target}",
            body.BoolField("sequential") ?? false,
            filter,
            body.IntField("maxRetries", "max_retries") ?? 3,
            ignore is { Count: > 0 } ? ignore : null,
            body.IntField("ignoreOlderThan", "ignore_older_than") ?? 3,
            ctx.UserName);
    }

    /// <summary>
    /// The enroll algorithm of ayon-protocol.md §2.6, run inside one write transaction. The walk starts at the request
    /// shape's cursor (<see cref="AyonEnrollCursors"/>), which skips only sources the plain walk would skip too; with
    /// <paramref name="checkCursor"/> the plain walk runs as well and any difference fails the request.
    /// </summary>
    private static IResult RunEnroll(AyonDb db, Enroll e, bool checkCursor)
    {
        var since = e.IgnoreOlderThan > 0 ? AyonTime.Format(db.Time.GetUtcNow().AddDays(-e.IgnoreOlderThan)) : null;
        var parameters = new List<(string Name, object? Value)>
        {
            ("@target", e.TargetTopic),
            ("@maxRetries", e.MaxRetries),
            ("@since", since),
        };

        string sourceCondition;
        if (e.SourceTopic is JsonValue pattern)
        {
            var like = pattern.GetValue<string>().Replace('*', '%');

            // A pattern without wildcards matches exactly one topic; saying so lets SQLite walk the (topic, created_at) index.
            // A LIKE pattern walks the (created_at) index from the cursor instead (the unary + keeps SQLite off the topic index).
            sourceCondition = like.Contains('%', StringComparison.Ordinal) || like.Contains('_', StringComparison.Ordinal) ? "+s.topic LIKE @pattern" : "s.topic = @pattern";
            parameters.Add(("@pattern", like));
        }
        else
        {
            var items = ((JsonArray)e.SourceTopic).Select((t, i) => (Name: "@src" + i.ToString(CultureInfo.InvariantCulture), Value: t!.GetValue<string>().Replace('*', '%'))).ToList();
            parameters.AddRange(items.Select(i => (i.Name, (object?)i.Value)));
            sourceCondition = "s.topic IN (" + string.Join(", ", items.Select(i => i.Name)) + ")";
        }

        var senderTypeCondition = "1=1";
        if (e.IgnoreSenderTypes is { } ignored)
        {
            var names = ignored.Select((t, i) => (Name: "@ist" + i.ToString(CultureInfo.InvariantCulture), Value: t)).ToList();
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Value)));
            // SQL semantics: a NULL sender type is never NOT IN a list, so such sources are excluded.
            senderTypeCondition = "s.sender_type NOT IN (" + string.Join(", ", names.Select(n => n.Name)) + ")";
        }

        var filterSql = new AyonQueryFilterSql("s");
        var filterCondition = filterSql.Translate(e.Filter);
        parameters.AddRange(filterSql.Parameters);

        var candidate = $"""
            {sourceCondition}
              AND s.status = 'finished'
              AND (@since IS NULL OR s.updated_at >= @since)
              AND {senderTypeCondition}
              AND ({filterCondition})
            """;
        const string done = "d.topic = @target AND d.depends_on = s.id AND (@since IS NULL OR d.updated_at >= @since) AND (d.status = 'finished' OR (d.status = 'failed' AND d.retries > @maxRetries))";
        var sql = $"""
            SELECT s.id, t.id, t.status, t.sender, t.hash, s.created_at, s.creation_order
            FROM events s
            LEFT JOIN events t ON t.topic = @target AND t.depends_on = s.id
            WHERE (s.created_at, s.creation_order) >= (@fromAt, @fromOrder)
              AND {candidate}
              AND NOT EXISTS (SELECT 1 FROM events d WHERE {done})
            ORDER BY s.created_at ASC, s.creation_order ASC
            LIMIT 1000
            """;
        static EnrollRow ReadRow(SqliteDataReader r) =>
            new(r.GetString(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), new AyonEnrollCursors.Position(r.GetString(5), r.GetInt64(6)));
        (string, object?)[] WalkParameters(AyonEnrollCursors.Position from) => [.. parameters, ("@fromAt", from.CreatedAt), ("@fromOrder", from.CreationOrder)];

        var key = EnrollKey(e);
        var from = AyonEnrollCursors.Load(db, key, since);
        if (checkCursor && from != AyonEnrollCursors.Start)
        {
            var walked = db.Query(sql, ReadRow, WalkParameters(from));
            var plain = db.Query(sql, ReadRow, WalkParameters(AyonEnrollCursors.Start));
            if (!plain.SequenceEqual(walked))
            {
                throw new InvalidOperationException(
                    $"enroll cursor mismatch for {e.TargetTopic}: the walk from {from} read {walked.Count} rows " +
                    $"(first {walked.FirstOrDefault()?.SourceId ?? "none"}), the plain walk {plain.Count} (first {plain.FirstOrDefault()?.SourceId ?? "none"})");
            }
        }

        // The walk reads rows only as far as it goes (usually one): the statement steps lazily.
        EnrollRow? first = null;
        EnrollRow? chosen = null;
        var step = EnrollStep.Next;
        db.ReadWhile(sql, reader =>
        {
            var row = ReadRow(reader);
            first ??= row;
            step = Decide(db, e, row);
            chosen = row;
            return step == EnrollStep.Next;
        }, WalkParameters(from));

        if ((first?.Position ?? AyonEnrollCursors.End(db)) is { } to)
        {
            // Sources in [from, to) are settled now; remember the done targets among them that time can take out of the window.
            var minDone = since is null ? null : db.Scalar($"""
                SELECT MIN(d.updated_at) FROM events s JOIN events d ON {done}
                WHERE (s.created_at, s.creation_order) >= (@fromAt, @fromOrder) AND (s.created_at, s.creation_order) < (@toAt, @toOrder)
                  AND {candidate}
                  AND d.updated_at < s.updated_at
                """, [.. WalkParameters(from), ("@toAt", to.CreatedAt), ("@toOrder", to.CreationOrder)]) as string;
            AyonEnrollCursors.Save(db, key, e.TargetTopic, e.MaxRetries, since, from, to, minDone);
        }

        switch (step)
        {
            case EnrollStep.Restart:
                db.Execute("""
                    UPDATE events SET status = 'pending',
                        retries = CASE WHEN status = 'failed' THEN retries + 1 ELSE retries END,
                        sender = @sender, sender_type = @st, user = @user,
                        description = 'Restarting failed event', updated_at = @now
                    WHERE id = @id
                    """, ("@id", chosen!.TargetId), ("@sender", e.Sender), ("@st", e.SenderType), ("@user", e.User), ("@now", db.NowText));
                return Job(chosen.TargetId!, chosen.SourceId, chosen.Hash!, AyonEventStatus.Pending);
            case EnrollStep.Redeliver:
                return Job(chosen!.TargetId!, chosen.SourceId, chosen.Hash!, chosen.Status!);
            case EnrollStep.Create:
                var hash = TargetHash(e.TargetTopic, chosen!.SourceId);
                var id = AyonEventRows.Insert(db, new AyonEventInsert
                {
                    Topic = e.TargetTopic,
                    Hash = hash,
                    DependsOn = chosen.SourceId,
                    Status = AyonEventStatus.Pending,
                    Sender = e.Sender,
                    SenderType = e.SenderType,
                    User = e.User,
                    Description = e.Description,
                });
                return Job(id, chosen.SourceId, hash, AyonEventStatus.Pending);
            default:
                return Results.NoContent();
        }
    }

    /// <summary>What the walk does with one row (steps a–d of ayon-protocol.md §2.6).</summary>
    private enum EnrollStep
    {
        /// <summary>Go on with the next row.</summary>
        Next,

        /// <summary>Answer 204 now (sequential, and the row is another sender's or its target hash is taken).</summary>
        NoContent,

        /// <summary>Restart the row's failed or restarted target (step a).</summary>
        Restart,

        /// <summary>Hand the caller its own target again with its current status (step c).</summary>
        Redeliver,

        /// <summary>Create the row's target (step d); its hash is known to be free.</summary>
        Create,
    }

    private static EnrollStep Decide(AyonDb db, Enroll e, EnrollRow row)
    {
        if (row.TargetId is not null)
        {
            if (row.Status is AyonEventStatus.Failed or AyonEventStatus.Restarted)
            {
                return EnrollStep.Restart;
            }

            if (row.Sender != e.Sender)
            {
                return e.Sequential ? EnrollStep.NoContent : EnrollStep.Next;
            }

            return EnrollStep.Redeliver;
        }

        // Another event already holds the target hash (the insert would collide): 204 when sequential, else the next row.
        if (AyonEventRows.HashExists(db, TargetHash(e.TargetTopic, row.SourceId)))
        {
            return e.Sequential ? EnrollStep.NoContent : EnrollStep.Next;
        }

        return EnrollStep.Create;
    }

    /// <summary>One row of enroll's walk: a candidate source, its target of the enroll's topic (if any) and its place in the order.</summary>
    private sealed record EnrollRow(string SourceId, string? TargetId, string? Status, string? Sender, string? Hash, AyonEnrollCursors.Position Position);

    /// <summary>What decides which sources are settled for a request: everything but who asks and how it walks.</summary>
    private static string EnrollKey(Enroll e) => string.Join(
        '\u001f',
        e.SourceTopic.ToJsonString(),
        e.TargetTopic,
        e.MaxRetries.ToString(CultureInfo.InvariantCulture),
        e.IgnoreSenderTypes is { } ignored ? string.Join('\u001e', ignored) : "-",
        e.Filter?.ToJsonString() ?? "-",
        e.IgnoreOlderThan.ToString(CultureInfo.InvariantCulture));

    /// <summary>sha256 hex of the compact JSON array <c>["&lt;target&gt;","&lt;sourceId&gt;"]</c>.</summary>
    internal static string TargetHash(string targetTopic, string sourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { targetTopic, sourceId }))));

    private static IResult Job(string id, string dependsOn, string hash, string status) =>
        AyonHttp.Json(new JsonObject { ["id"] = id, ["dependsOn"] = dependsOn, ["hash"] = hash, ["status"] = status });

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
