using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

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

    /// <summary>All entities of <paramref name="kind"/> in creation order.</summary>
    IReadOnlyList<JsonObject> All(string project, EntityKind kind);

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

/// <summary><see cref="IEntityStore"/> over a SQLite connection (a file or <c>:memory:</c>), JSON bodies in text columns.</summary>
internal sealed class SqliteEntityStore : IEntityStore
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public SqliteEntityStore(SqliteConnection connection)
    {
        _connection = connection;
        Execute("""
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
        QueryBodies("SELECT body FROM ayon_projects WHERE name = $a", name).FirstOrDefault();

    public IReadOnlyList<JsonObject> ListProjects() => QueryBodies("SELECT body FROM ayon_projects ORDER BY seq");

    public void InsertProject(JsonObject project) =>
        Execute("INSERT INTO ayon_projects (name, seq, body) VALUES ($a, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ayon_projects), $b)",
            Str(project, "name"), project.ToJsonString());

    public void UpdateProject(JsonObject project) =>
        Execute("UPDATE ayon_projects SET body = $b WHERE name = $a", Str(project, "name"), project.ToJsonString());

    public void DeleteProject(string name)
    {
        Execute("DELETE FROM ayon_projects WHERE name = $a", name);
        Execute("DELETE FROM ayon_entities WHERE project = $a", name);
        Execute("DELETE FROM ayon_documents WHERE project = $a", name);
    }

    public JsonObject? Get(string project, EntityKind kind, string id) =>
        QueryBodies("SELECT body FROM ayon_entities WHERE project = $a AND entity_type = $b AND id = $c", project, kind.Name, id).FirstOrDefault();

    public IReadOnlyList<JsonObject> Children(string project, EntityKind kind, string? parentId) =>
        parentId is null
            ? QueryBodies("SELECT body FROM ayon_entities WHERE project = $a AND entity_type = $b AND parent_id IS NULL ORDER BY seq", project, kind.Name)
            : QueryBodies("SELECT body FROM ayon_entities WHERE project = $a AND entity_type = $b AND parent_id = $c ORDER BY seq", project, kind.Name, parentId);

    public IReadOnlyList<JsonObject> All(string project, EntityKind kind) =>
        QueryBodies("SELECT body FROM ayon_entities WHERE project = $a AND entity_type = $b ORDER BY seq", project, kind.Name);

    public void Insert(string project, EntityKind kind, JsonObject entity) =>
        Execute("INSERT INTO ayon_entities (project, entity_type, id, parent_id, body) VALUES ($a, $b, $c, $d, $e)",
            project, kind.Name, Str(entity, "id"), kind.ParentKey is null ? null : Str(entity, kind.ParentKey), entity.ToJsonString());

    public void Update(string project, EntityKind kind, JsonObject entity) =>
        Execute("UPDATE ayon_entities SET parent_id = $d, body = $e WHERE project = $a AND entity_type = $b AND id = $c",
            project, kind.Name, Str(entity, "id"), kind.ParentKey is null ? null : Str(entity, kind.ParentKey), entity.ToJsonString());

    public void Delete(string project, EntityKind kind, string id) =>
        Execute("DELETE FROM ayon_entities WHERE project = $a AND entity_type = $b AND id = $c", project, kind.Name, id);

    public JsonObject? GetDocument(string collection, string? project, string id) =>
        QueryBodies("SELECT body FROM ayon_documents WHERE collection = $a AND project = $b AND id = $c", collection, project ?? "", id).FirstOrDefault();

    public IReadOnlyList<JsonObject> ListDocuments(string collection, string? project) =>
        QueryBodies("SELECT body FROM ayon_documents WHERE collection = $a AND project = $b ORDER BY seq", collection, project ?? "");

    public void PutDocument(string collection, string? project, string id, JsonObject body) =>
        Execute("""
            INSERT INTO ayon_documents (collection, project, id, body) VALUES ($a, $b, $c, $d)
            ON CONFLICT (collection, project, id) DO UPDATE SET body = excluded.body
            """, collection, project ?? "", id, body.ToJsonString());

    public void DeleteDocument(string collection, string? project, string id) =>
        Execute("DELETE FROM ayon_documents WHERE collection = $a AND project = $b AND id = $c", collection, project ?? "", id);

    public IEntityTransaction Begin()
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("The AYON entity store already has an open transaction.");
        }

        _transaction = _connection.BeginTransaction();
        return new Transaction(this);
    }

    private static string? Str(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private SqliteCommand Command(string sql, object?[] args)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), args[i] ?? DBNull.Value);
        }

        return command;
    }

    private void Execute(string sql, params object?[] args)
    {
        using var command = Command(sql, args);
        command.ExecuteNonQuery();
    }

    private List<JsonObject> QueryBodies(string sql, params object?[] args)
    {
        using var command = Command(sql, args);
        using var reader = command.ExecuteReader();
        var result = new List<JsonObject>();
        while (reader.Read())
        {
            result.Add(JsonNode.Parse(reader.GetString(0)) as JsonObject
                ?? throw new InvalidOperationException("The AYON entity store holds a body that is not a JSON object."));
        }

        return result;
    }

    private sealed class Transaction(SqliteEntityStore store) : IEntityTransaction
    {
        private bool _done;

        public void Commit()
        {
            store._transaction?.Commit();
            Finish();
        }

        public void Dispose()
        {
            if (!_done)
            {
                store._transaction?.Rollback();
                Finish();
            }
        }

        private void Finish()
        {
            _done = true;
            store._transaction?.Dispose();
            store._transaction = null;
        }
    }
}
