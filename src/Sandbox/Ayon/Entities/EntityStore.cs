using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Storage of projects, project-level entities and the other entity documents (lists, activities,
/// links, thumbnails), as JSON bodies. Entity bodies hold the own wire fields (own <c>attrib</c> only).
/// Callers serialise access (the emulator's global mutation lock); one transaction at a time.
/// </summary>
internal interface IEntityStore
{
    JsonObject? GetProject(string name);

    IReadOnlyList<JsonObject> ListProjects();

    void InsertProject(JsonObject project);

    void UpdateProject(JsonObject project);

    void DeleteProject(string name);

    JsonObject? Get(string project, EntityKind kind, string id);

    /// <summary>Entities of <paramref name="kind"/> whose parent key equals <paramref name="parentId"/> (null = roots).</summary>
    IReadOnlyList<JsonObject> Children(string project, EntityKind kind, string? parentId);

    /// <summary>True when at least one entity of <paramref name="kind"/> has <paramref name="parentId"/> as its parent (an indexed lookup).</summary>
    bool HasChildren(string project, EntityKind kind, string parentId);

    /// <summary>All entities of <paramref name="kind"/> in creation order.</summary>
    IReadOnlyList<JsonObject> All(string project, EntityKind kind);

    /// <summary>All entities of <paramref name="kind"/> with their creation counter (a stable paging cursor).</summary>
    IReadOnlyList<(long Seq, JsonObject Body)> AllWithSeq(string project, EntityKind kind);

    /// <summary>
    /// The entities of one kind in creation order, narrowed in SQL (through the unique and parent indices) to
    /// <paramref name="ids"/> and to children of <paramref name="parentIds"/> when given; null means no narrowing.
    /// </summary>
    IReadOnlyList<(long Seq, JsonObject Body)> AllWithSeq(string project, EntityKind kind, IReadOnlyCollection<string>? ids, IReadOnlyCollection<string>? parentIds);

    /// <summary>Documents of a collection with their creation counter.</summary>
    IReadOnlyList<(long Seq, JsonObject Body)> ListDocumentsWithSeq(string collection, string? project);

    void Insert(string project, EntityKind kind, JsonObject entity);

    void Update(string project, EntityKind kind, JsonObject entity);

    void Delete(string project, EntityKind kind, string id);

    /// <summary>A document of another collection (lists, activities, links, thumbnails, users).</summary>
    JsonObject? GetDocument(string collection, string? project, string id);

    IReadOnlyList<JsonObject> ListDocuments(string collection, string? project);

    void PutDocument(string collection, string? project, string id, JsonObject body);

    void DeleteDocument(string collection, string? project, string id);

    /// <summary>Starts a transaction; disposing it without <see cref="IEntityTransaction.Commit"/> rolls back.</summary>
    IEntityTransaction Begin();
}

/// <summary>A store transaction.</summary>
internal interface IEntityTransaction : IDisposable
{
    void Commit();
}

/// <summary>
/// <see cref="IEntityStore"/> over the emulator's <see cref="AyonDb"/> (one unit of work under the global
/// lock). Transactions are savepoints inside the unit of work's transaction, so an operations request can
/// roll back (canFail:false) or commit (canFail:true) each part while the request's events commit with it.
/// </summary>
internal sealed class SqliteEntityStore(AyonDb db) : IEntityStore
{
    private int _savepoints;
    private bool _open;

    public static void CreateSchema(AyonDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Execute("""
            CREATE TABLE IF NOT EXISTS ayon_projects (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                seq INTEGER NOT NULL,
                body TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS ayon_entities (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                project TEXT NOT NULL COLLATE NOCASE,
                entity_type TEXT NOT NULL,
                id TEXT NOT NULL,
                parent_id TEXT,
                body TEXT NOT NULL,
                UNIQUE (project, entity_type, id));
            CREATE INDEX IF NOT EXISTS ix_ayon_entities_parent ON ayon_entities (project, entity_type, parent_id);
            CREATE TABLE IF NOT EXISTS ayon_documents (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                collection TEXT NOT NULL,
                project TEXT NOT NULL COLLATE NOCASE,
                id TEXT NOT NULL,
                body TEXT NOT NULL,
                UNIQUE (collection, project, id));
            """);
    }

    public JsonObject? GetProject(string name) =>
        QueryBodies("SELECT body FROM ayon_projects WHERE name = @a", name).FirstOrDefault();

    public IReadOnlyList<JsonObject> ListProjects() => QueryBodies("SELECT body FROM ayon_projects ORDER BY seq");

    public void InsertProject(JsonObject project) =>
        Execute("INSERT INTO ayon_projects (name, seq, body) VALUES (@a, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ayon_projects), @b)",
            Str(project, "name"), project.ToJsonString());

    public void UpdateProject(JsonObject project) =>
        Execute("UPDATE ayon_projects SET body = @b WHERE name = @a", Str(project, "name"), project.ToJsonString());

    public void DeleteProject(string name)
    {
        Execute("DELETE FROM ayon_projects WHERE name = @a", name);
        Execute("DELETE FROM ayon_entities WHERE project = @a", name);
        Execute("DELETE FROM ayon_documents WHERE project = @a", name);
    }

    public JsonObject? Get(string project, EntityKind kind, string id) =>
        QueryBodies("SELECT body FROM ayon_entities WHERE project = @a AND entity_type = @b AND id = @c", project, kind.Name, id).FirstOrDefault();

    public bool HasChildren(string project, EntityKind kind, string parentId) =>
        db.Query("SELECT EXISTS (SELECT 1 FROM ayon_entities WHERE project = @a AND entity_type = @b AND parent_id = @c)",
            r => r.GetInt64(0) != 0, Parameters([project, kind.Name, parentId])).Single();

    public IReadOnlyList<JsonObject> Children(string project, EntityKind kind, string? parentId) =>
        parentId is null
            ? QueryBodies("SELECT body FROM ayon_entities WHERE project = @a AND entity_type = @b AND parent_id IS NULL ORDER BY seq", project, kind.Name)
            : QueryBodies("SELECT body FROM ayon_entities WHERE project = @a AND entity_type = @b AND parent_id = @c ORDER BY seq", project, kind.Name, parentId);

    public IReadOnlyList<JsonObject> All(string project, EntityKind kind) =>
        QueryBodies("SELECT body FROM ayon_entities WHERE project = @a AND entity_type = @b ORDER BY seq", project, kind.Name);

    public IReadOnlyList<(long Seq, JsonObject Body)> AllWithSeq(string project, EntityKind kind) =>
        db.Query("SELECT seq, body FROM ayon_entities WHERE project = @a AND entity_type = @b ORDER BY seq",
            r => (r.GetInt64(0), Parse(r.GetString(1))), Parameters([project, kind.Name]));

    public IReadOnlyList<(long Seq, JsonObject Body)> AllWithSeq(string project, EntityKind kind, IReadOnlyCollection<string>? ids, IReadOnlyCollection<string>? parentIds)
    {
        if (ids is null && parentIds is null)
        {
            return AllWithSeq(project, kind);
        }

        var sql = "SELECT seq, body FROM ayon_entities WHERE project = @a AND entity_type = @b"
            + (ids is null ? " AND @c IS NULL" : " AND id IN (SELECT value FROM json_each(@c))")
            + (parentIds is null ? " AND @d IS NULL" : " AND parent_id IN (SELECT value FROM json_each(@d))")
            + " ORDER BY seq";
        return db.Query(sql, r => (r.GetInt64(0), Parse(r.GetString(1))),
            Parameters([project, kind.Name, ids is null ? null : JsonArrayText(ids), parentIds is null ? null : JsonArrayText(parentIds)]));
    }

    public IReadOnlyList<(long Seq, JsonObject Body)> ListDocumentsWithSeq(string collection, string? project) =>
        db.Query("SELECT seq, body FROM ayon_documents WHERE collection = @a AND project = @b ORDER BY seq",
            r => (r.GetInt64(0), Parse(r.GetString(1))), Parameters([collection, project ?? ""]));

    public void Insert(string project, EntityKind kind, JsonObject entity) =>
        Execute("INSERT INTO ayon_entities (project, entity_type, id, parent_id, body) VALUES (@a, @b, @c, @d, @e)",
            project, kind.Name, Str(entity, "id"), kind.ParentKey is null ? null : Str(entity, kind.ParentKey), entity.ToJsonString());

    public void Update(string project, EntityKind kind, JsonObject entity) =>
        Execute("UPDATE ayon_entities SET parent_id = @d, body = @e WHERE project = @a AND entity_type = @b AND id = @c",
            project, kind.Name, Str(entity, "id"), kind.ParentKey is null ? null : Str(entity, kind.ParentKey), entity.ToJsonString());

    public void Delete(string project, EntityKind kind, string id) =>
        Execute("DELETE FROM ayon_entities WHERE project = @a AND entity_type = @b AND id = @c", project, kind.Name, id);

    public JsonObject? GetDocument(string collection, string? project, string id) =>
        QueryBodies("SELECT body FROM ayon_documents WHERE collection = @a AND project = @b AND id = @c", collection, project ?? "", id).FirstOrDefault();

    public IReadOnlyList<JsonObject> ListDocuments(string collection, string? project) =>
        QueryBodies("SELECT body FROM ayon_documents WHERE collection = @a AND project = @b ORDER BY seq", collection, project ?? "");

    public void PutDocument(string collection, string? project, string id, JsonObject body) =>
        Execute("""
            INSERT INTO ayon_documents (collection, project, id, body) VALUES (@a, @b, @c, @d)
            ON CONFLICT (collection, project, id) DO UPDATE SET body = excluded.body
            """, collection, project ?? "", id, body.ToJsonString());

    public void DeleteDocument(string collection, string? project, string id) =>
        Execute("DELETE FROM ayon_documents WHERE collection = @a AND project = @b AND id = @c", collection, project ?? "", id);

    public IEntityTransaction Begin()
    {
        var transaction = db.Transaction ?? throw new InvalidOperationException("The AYON entity store was opened for reading; mutations need a write unit of work.");
        if (_open)
        {
            throw new InvalidOperationException("The AYON entity store already has an open transaction.");
        }

        var name = "entities_" + (++_savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);
        transaction.Save(name);
        _open = true;
        return new Savepoint(this, transaction, name);
    }

    private static string? Str(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static (string, object?)[] Parameters(object?[] args) =>
        [.. args.Select((value, i) => ("@" + (char)('a' + i), value))];

    private void Execute(string sql, params object?[] args) => db.Execute(sql, Parameters(args));

    private static string JsonArrayText(IReadOnlyCollection<string> values) => new JsonArray([.. values.Select(v => JsonValue.Create(v))]).ToJsonString();

    private static JsonObject Parse(string text) =>
        JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("The AYON entity store holds a body that is not a JSON object.");

    private List<JsonObject> QueryBodies(string sql, params object?[] args) =>
        db.Query(sql, r => Parse(r.GetString(0)), Parameters(args));

    private sealed class Savepoint(SqliteEntityStore store, Microsoft.Data.Sqlite.SqliteTransaction transaction, string name) : IEntityTransaction
    {
        private bool _done;

        public void Commit()
        {
            transaction.Release(name);
            _done = true;
            store._open = false;
        }

        public void Dispose()
        {
            if (!_done)
            {
                transaction.Rollback(name);
                transaction.Release(name);
                _done = true;
                store._open = false;
            }
        }
    }
}
