using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>A stored event (table <c>events</c>), as the emulator's assertions and endpoints read it.</summary>
public sealed record AyonEventRow
{
    public required string Id { get; init; }
    public required string Hash { get; init; }
    public required string Topic { get; init; }
    public string? Sender { get; init; }
    public string? SenderType { get; init; }
    public string? Project { get; init; }
    public string? User { get; init; }
    public string? DependsOn { get; init; }
    public required string Status { get; init; }
    public int Retries { get; init; }
    public string Description { get; init; } = "";
    public JsonObject Summary { get; init; } = [];
    public JsonObject Payload { get; init; } = [];
    public required string CreatedAt { get; init; }
    public required string UpdatedAt { get; init; }

    /// <summary>Monotonic creation counter (GraphQL cursor, <c>/api/query</c> order, ties of <see cref="CreatedAt"/>).</summary>
    public long CreationOrder { get; init; }

    /// <summary>The REST shape of <c>GET /api/events/{id}</c> (camelCase, nulls present).</summary>
    public JsonObject ToRestJson() => new()
    {
        ["id"] = Id,
        ["hash"] = Hash,
        ["topic"] = Topic,
        ["sender"] = Sender,
        ["senderType"] = SenderType,
        ["project"] = Project,
        ["user"] = User,
        ["dependsOn"] = DependsOn,
        ["status"] = Status,
        ["retries"] = Retries,
        ["description"] = Description,
        ["summary"] = Summary.DeepClone(),
        ["payload"] = Payload.DeepClone(),
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
    };
}

/// <summary>A new event for <see cref="AyonEventRows.Insert"/>. Build it from a request with <see cref="FromRequest"/>.</summary>
public sealed record AyonEventInsert
{
    public required string Topic { get; init; }

    /// <summary>Explicit id; a new one when null.</summary>
    public string? Id { get; init; }

    /// <summary>Unique hash; the id when null.</summary>
    public string? Hash { get; init; }

    public string? Sender { get; init; }

    /// <summary>Null is stored as SQL NULL (server-internal dispatches outside an HTTP request).</summary>
    public string? SenderType { get; init; }

    public string? Project { get; init; }
    public string? User { get; init; }
    public string? DependsOn { get; init; }
    public string Status { get; init; } = "finished";
    public int Retries { get; init; }
    public string Description { get; init; } = "";
    public JsonObject? Summary { get; init; }
    public JsonObject? Payload { get; init; }

    /// <summary>
    /// An event created during <paramref name="context"/>'s request: <c>sender</c> from <c>x-sender</c>,
    /// <c>senderType</c> from <c>x-sender-type</c> (or <c>"api"</c>), <c>user</c> = the acting user,
    /// status finished — the envelope of entity events (ayon-protocol.md §4.2).
    /// </summary>
    public static AyonEventInsert FromRequest(AyonRequestContext context, string topic)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AyonEventInsert
        {
            Topic = topic,
            Sender = context.Sender,
            SenderType = context.SenderType,
            User = context.UserName,
        };
    }
}

/// <summary>An insert collided with an existing event's unique hash.</summary>
public sealed class AyonDuplicateHashException : Exception
{
    public AyonDuplicateHashException()
    {
    }

    public AyonDuplicateHashException(string message) : base(message)
    {
    }

    public AyonDuplicateHashException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The internal event API of the emulator: the <c>events</c> table and its insert/read helpers.
/// Entity endpoints call <see cref="Insert"/> inside their own <see cref="AyonStore.WriteAsync{T}"/> so the
/// event commits (or rolls back) with the change.
/// </summary>
public static class AyonEventRows
{
    internal const string Columns =
        "id, hash, topic, sender, sender_type, project, user, depends_on, status, retries, description, summary, payload, created_at, updated_at, creation_order";

    internal static void CreateSchema(AyonDb db) => db.Execute("""
        CREATE TABLE IF NOT EXISTS events (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            sender TEXT NULL,
            sender_type TEXT NULL,
            project TEXT NULL,
            user TEXT NULL,
            depends_on TEXT NULL REFERENCES events(id),
            status TEXT NOT NULL,
            retries INTEGER NOT NULL DEFAULT 0,
            description TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '{}',
            payload TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            creation_order INTEGER NOT NULL UNIQUE
        );
        CREATE INDEX IF NOT EXISTS events_topic ON events(topic);
        CREATE INDEX IF NOT EXISTS events_depends_on ON events(depends_on);
        CREATE INDEX IF NOT EXISTS events_order ON events(created_at, creation_order);
        CREATE INDEX IF NOT EXISTS events_topic_order ON events(topic, created_at, creation_order);
        CREATE INDEX IF NOT EXISTS events_topic_depends_on ON events(topic, depends_on);
        """);

    /// <summary>
    /// Inserts an event (timestamps = now on the emulator's clock, next creation counter) and returns its id.
    /// Throws <see cref="AyonDuplicateHashException"/> when the hash exists; the caller's transaction stays usable.
    /// </summary>
    public static string Insert(AyonDb db, AyonEventInsert e)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var id = e.Id ?? AyonIds.New();
        var hash = e.Hash ?? id;

        // One statement: the next creation counter comes from the unique index's last entry, and a taken hash inserts
        // nothing (no exception inside SQLite, the transaction goes on) instead of a separate look-up first.
        var inserted = db.Execute($"""
            INSERT INTO events ({Columns})
            VALUES (@id, @hash, @topic, @sender, @st, @project, @user, @dep, @status, @retries, @desc, @summary, @payload, @now, @now,
                (SELECT COALESCE(MAX(creation_order), 0) + 1 FROM events))
            ON CONFLICT(hash) DO NOTHING
            """,
            ("@id", id), ("@hash", hash), ("@topic", e.Topic), ("@sender", e.Sender), ("@st", e.SenderType),
            ("@project", e.Project), ("@user", e.User), ("@dep", e.DependsOn), ("@status", e.Status),
            ("@retries", e.Retries), ("@desc", e.Description), ("@summary", e.Summary ?? []), ("@payload", e.Payload ?? []),
            ("@now", db.NowText));
        if (inserted == 0)
        {
            throw new AyonDuplicateHashException("Event with the same hash already exists");
        }

        return id;
    }

    /// <summary>True when an event with <paramref name="hash"/> exists.</summary>
    public static bool HashExists(AyonDb db, string hash)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Scalar("SELECT 1 FROM events WHERE hash = @h", ("@h", hash)) is not null;
    }

    /// <summary>Reads one event, or null.</summary>
    public static AyonEventRow? Get(AyonDb db, string id)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Query($"SELECT {Columns} FROM events WHERE id = @id", Read, ("@id", id)).FirstOrDefault();
    }

    /// <summary>Maps a row selected with the column list of this class.</summary>
    public static AyonEventRow Read(SqliteDataReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new AyonEventRow
        {
            Id = r.GetString(0),
            Hash = r.GetString(1),
            Topic = r.GetString(2),
            Sender = r.Text(3),
            SenderType = r.Text(4),
            Project = r.Text(5),
            User = r.Text(6),
            DependsOn = r.Text(7),
            Status = r.GetString(8),
            Retries = r.GetInt32(9),
            Description = r.GetString(10),
            Summary = r.JsonObjectAt(11) ?? [],
            Payload = r.JsonObjectAt(12) ?? [],
            CreatedAt = r.GetString(13),
            UpdatedAt = r.GetString(14),
            CreationOrder = r.GetInt64(15),
        };
    }
}
