using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// <c>POST /api/enroll</c> as the server runs it (ayon-protocol.md §4): the request parsed and checked, one transaction that
/// finds the first source event without a finished job (by cursor, sequential or not), and the job created, restarted or
/// handed out again.
/// </summary>
internal sealed partial class AyonEventsModule
{
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
}
