using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Events: dispatch, read, patch, delete (ayon-protocol.md §2.2–2.5), enroll (§2.6), <c>POST /api/query</c>
/// (§2.7.2) and the GraphQL <c>events</c> root field (§2.7.1). This file holds the endpoints and the REST writes;
/// enroll is in <c>AyonEventsModule.Enroll.cs</c>, the queries in <c>AyonEventsModule.Query.cs</c>.
/// </summary>
internal sealed partial class AyonEventsModule : IAyonEmulatorModule
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
}
