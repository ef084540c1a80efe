namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Where enroll may start its walk. Enroll (ayon-protocol.md §2.6) walks the candidate sources in
/// <c>(createdAt, creation counter)</c> order and skips every source that is <em>settled</em>: not a candidate at all
/// (not finished, outside the window, an ignored sender type, refused by the filter) or already done (a target of the
/// enroll's target topic that is finished, or failed with <c>retries &gt; maxRetries</c>, inside the window). Settled
/// sources pile up at the front of the queue, so a plain walk costs O(all events) per call.
/// <para>
/// A cursor remembers, per enroll request shape (source topic(s), target topic, <c>maxRetries</c>, ignored sender
/// types, filter, window), a position before which every source is settled; the next walk starts there and reads
/// exactly the rows the plain walk would read. Cursors live in a TEMP table of the store's one connection, so they
/// commit and roll back with the request, and TEMP triggers on <c>events</c> drop a cursor whenever a write could
/// unsettle a source before it:
/// </para>
/// <list type="bullet">
/// <item>an event inserted, updated or deleted before the position (it may be, or become, a candidate source);</item>
/// <item>a done target of the cursor's topic that stops being done for its <c>maxRetries</c> (status, retries,
/// <c>dependsOn</c> or topic changed, <c>updatedAt</c> moved back) or is deleted.</item>
/// </list>
/// <para>
/// Time unsettles sources too: a done target whose <c>updatedAt</c> leaves the window no longer settles its source
/// while the source itself is still inside. The cursor keeps the earliest such <c>updatedAt</c> (only targets older
/// than their source can ever matter) and is ignored once the window passes it, or when the window start moves back.
/// Dropping or ignoring a cursor only costs one full walk; the walk's result never depends on it.
/// </para>
/// </summary>
internal static class AyonEnrollCursors
{
    /// <summary>The start of the order: every event is at or after it.</summary>
    public static readonly Position Start = new("", 0);

    /// <summary>Creates the TEMP table and triggers on the store's connection (after the <c>events</c> table exists).</summary>
    public static void CreateSchema(AyonDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        const string before = "({0}.created_at < created_at OR ({0}.created_at = created_at AND {0}.creation_order < creation_order))";
        var oldBefore = string.Format(System.Globalization.CultureInfo.InvariantCulture, before, "OLD");
        var newBefore = string.Format(System.Globalization.CultureInfo.InvariantCulture, before, "NEW");
        db.Execute($"""
            CREATE TEMP TABLE IF NOT EXISTS enroll_cursors (
                key TEXT PRIMARY KEY,
                target_topic TEXT NOT NULL,
                max_retries INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                creation_order INTEGER NOT NULL,
                min_done_updated_at TEXT NULL,
                since TEXT NULL
            );
            CREATE TEMP TRIGGER IF NOT EXISTS enroll_cursors_insert AFTER INSERT ON main.events
            BEGIN
                DELETE FROM enroll_cursors WHERE {newBefore};
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS enroll_cursors_update AFTER UPDATE ON main.events
            BEGIN
                DELETE FROM enroll_cursors WHERE {oldBefore} OR {newBefore}
                    OR (OLD.topic = target_topic AND OLD.depends_on IS NOT NULL
                        AND (OLD.status = 'finished' OR (OLD.status = 'failed' AND OLD.retries > max_retries))
                        AND NOT (NEW.topic = OLD.topic AND NEW.depends_on = OLD.depends_on AND NEW.updated_at >= OLD.updated_at
                            AND (NEW.status = 'finished' OR (NEW.status = 'failed' AND NEW.retries > max_retries))));
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS enroll_cursors_delete AFTER DELETE ON main.events
            BEGIN
                DELETE FROM enroll_cursors WHERE {oldBefore} OR OLD.topic = target_topic;
            END;
            """);
    }

    /// <summary>
    /// The position the walk of <paramref name="key"/> may start at with window start <paramref name="since"/>
    /// (null = no window), or <see cref="Start"/> when there is no usable cursor.
    /// </summary>
    public static Position Load(AyonDb db, string key, string? since)
    {
        ArgumentNullException.ThrowIfNull(db);
        var cursor = db.Query(
            "SELECT created_at, creation_order, min_done_updated_at, since FROM enroll_cursors WHERE key = @key",
            r => (Position: new Position(r.GetString(0), r.GetInt64(1)), MinDone: r.Text(2), Since: r.Text(3)),
            ("@key", key)).FirstOrDefault();
        if (cursor.Position is null)
        {
            return Start;
        }

        var windowMovedBack = since is not null && cursor.Since is not null && string.CompareOrdinal(since, cursor.Since) < 0;
        var doneTargetAgedOut = since is not null && cursor.MinDone is not null && string.CompareOrdinal(cursor.MinDone, since) < 0;
        var windowChanged = (since is null) != (cursor.Since is null);
        return windowMovedBack || doneTargetAgedOut || windowChanged ? Start : cursor.Position;
    }

    /// <summary>
    /// Records that every source of <paramref name="key"/> before <paramref name="to"/> is settled. The walk from
    /// <paramref name="from"/> found none before <paramref name="to"/> (its first row, or the end of the table).
    /// <paramref name="minDoneInRange"/> is the earliest <c>updatedAt</c> of a done target older than its source among
    /// the sources in <c>[from, to)</c> (null when none or without a window).
    /// </summary>
    public static void Save(AyonDb db, string key, string targetTopic, int maxRetries, string? since, Position from, Position to, string? minDoneInRange)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);

        // A walk from the start replaces the cursor; a walk from the cursor keeps what it knew about the range before.
        var previousMinDone = from == Start
            ? null
            : db.Scalar("SELECT min_done_updated_at FROM enroll_cursors WHERE key = @key", ("@key", key)) as string;
        var minDone = previousMinDone is null ? minDoneInRange
            : minDoneInRange is null ? previousMinDone
            : string.CompareOrdinal(previousMinDone, minDoneInRange) <= 0 ? previousMinDone : minDoneInRange;
        db.Execute("""
            INSERT INTO enroll_cursors (key, target_topic, max_retries, created_at, creation_order, min_done_updated_at, since)
            VALUES (@key, @target, @maxRetries, @at, @order, @minDone, @since)
            ON CONFLICT(key) DO UPDATE SET target_topic = excluded.target_topic, max_retries = excluded.max_retries,
                created_at = excluded.created_at, creation_order = excluded.creation_order,
                min_done_updated_at = excluded.min_done_updated_at, since = excluded.since
            """,
            ("@key", key), ("@target", targetTopic), ("@maxRetries", maxRetries), ("@at", to.CreatedAt), ("@order", to.CreationOrder),
            ("@minDone", minDone), ("@since", since));
    }

    /// <summary>The position of the newest event, or null when the table is empty.</summary>
    public static Position? End(AyonDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Query(
            "SELECT created_at, creation_order FROM events ORDER BY created_at DESC, creation_order DESC LIMIT 1",
            r => new Position(r.GetString(0), r.GetInt64(1))).FirstOrDefault();
    }

    /// <summary>A place in enroll's order: <c>(createdAt, creation counter)</c>.</summary>
    public sealed record Position(string CreatedAt, long CreationOrder);
}
