using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Entities;

#pragma warning disable IDE0130 // The entity part of the AyonEmulator partial class lives with the entity module.
namespace AyonFtrack.Sandbox.Ayon;
#pragma warning restore IDE0130

// Entity seeding and inspection for tests and benchmarks. Seeding writes directly (validated like the
// REST endpoints) and emits no events, so tests start from a quiet event table.
public sealed partial class AyonEmulator
{
    private volatile EntityEventOptions _entityEventOptions = new();

    /// <summary>
    /// How entity events are shaped; by default as the real server (shared summary object, duplicate
    /// <c>tags_changed</c>, audit trail on). May be replaced while running.
    /// </summary>
    public EntityEventOptions EntityEventOptions
    {
        get => _entityEventOptions;
        set => _entityEventOptions = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Creates a project from the built-in anatomy (folder types Folder/Episode/Sequence/Shot/Asset, default task types and statuses).</summary>
    public Task SeedProjectAsync(string name, string code, CancellationToken cancellationToken) =>
        SeedAsync(engine => ProjectOperations.Deploy(engine, new JsonObject { ["name"] = name, ["code"] = code }), cancellationToken);

    /// <summary>Sets own project attributes (merged per key, null removes) without events.</summary>
    public Task SetProjectAttribAsync(string projectName, JsonObject attrib, CancellationToken cancellationToken) =>
        SeedAsync(engine => ProjectOperations.Patch(engine, projectName, new JsonObject { ["attrib"] = attrib.DeepClone() }), cancellationToken);

    /// <summary>Adds a folder (null parent = root) and returns its id.</summary>
    public Task<string> AddFolderAsync(string projectName, string name, string folderType, string? parentId, JsonObject? attrib, CancellationToken cancellationToken) =>
        AddEntityAsync(projectName, EntityKind.Folder, new JsonObject { ["name"] = name, ["folderType"] = folderType, ["parentId"] = parentId, ["attrib"] = attrib?.DeepClone() }, cancellationToken);

    /// <summary>Adds a task to a folder and returns its id.</summary>
    public Task<string> AddTaskAsync(string projectName, string folderId, string name, string taskType, CancellationToken cancellationToken) =>
        AddEntityAsync(projectName, EntityKind.Task, new JsonObject { ["name"] = name, ["taskType"] = taskType, ["folderId"] = folderId }, cancellationToken);

    /// <summary>Adds a product to a folder and returns its id.</summary>
    public Task<string> AddProductAsync(string projectName, string folderId, string name, string productType, CancellationToken cancellationToken) =>
        AddEntityAsync(projectName, EntityKind.Product, new JsonObject { ["name"] = name, ["productType"] = productType, ["folderId"] = folderId }, cancellationToken);

    /// <summary>Adds a version to a product (optionally linked to a task) and returns its id.</summary>
    public Task<string> AddVersionAsync(string projectName, string productId, int version, string? taskId, CancellationToken cancellationToken) =>
        AddEntityAsync(projectName, EntityKind.Version, new JsonObject { ["version"] = version, ["productId"] = productId, ["taskId"] = taskId }, cancellationToken);

    /// <summary>
    /// Adds any project-level entity from its wire fields (<paramref name="entityType"/> folder, task,
    /// product, version, representation, workfile) and returns its id.
    /// </summary>
    public Task<string> AddEntityAsync(string projectName, string entityType, JsonObject fields, CancellationToken cancellationToken)
    {
        var kind = EntityKind.Find(entityType) ?? throw new ArgumentException($"Unknown entity type '{entityType}'.", nameof(entityType));
        return AddEntityAsync(projectName, kind, fields, cancellationToken);
    }

    /// <summary>The stored project in the <c>GET /api/projects/{name}</c> shape, or null.</summary>
    public Task<JsonObject?> GetProjectAsync(string projectName, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => new SqliteEntityStore(db).GetProject(projectName) is { } p ? ProjectOperations.Read(p) : null, cancellationToken);

    /// <summary>The entity in the REST read shape (effective attrib, ownAttrib, path), or null.</summary>
    public Task<JsonObject?> GetEntityAsync(string projectName, string entityType, string id, CancellationToken cancellationToken)
    {
        var kind = EntityKind.Find(entityType) ?? throw new ArgumentException($"Unknown entity type '{entityType}'.", nameof(entityType));
        return Store.ReadAsync(db =>
        {
            var engine = EntityRequests.Engine(this, db);
            return engine.Store.Get(projectName, kind, id) is { } entity ? engine.Read(projectName, kind, entity) : null;
        }, cancellationToken);
    }

    /// <summary>Number of stored entities of a type in a project.</summary>
    public Task<int> CountEntitiesAsync(string projectName, string entityType, CancellationToken cancellationToken)
    {
        var kind = EntityKind.Find(entityType) ?? throw new ArgumentException($"Unknown entity type '{entityType}'.", nameof(entityType));
        return Store.ReadAsync(db => new SqliteEntityStore(db).All(projectName, kind).Count, cancellationToken);
    }

    /// <summary>The stored activities of a project (raw documents: id, activityType, body, entityId, data, createdAt, updatedAt).</summary>
    public Task<IReadOnlyList<JsonObject>> GetActivitiesAsync(string projectName, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => new SqliteEntityStore(db).ListDocuments(EntityCollections.Activities, projectName), cancellationToken);

    /// <summary>The stored links of a project (raw documents).</summary>
    public Task<IReadOnlyList<JsonObject>> GetLinksAsync(string projectName, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => new SqliteEntityStore(db).ListDocuments(EntityCollections.Links, projectName), cancellationToken);

    private Task<string> AddEntityAsync(string projectName, EntityKind kind, JsonObject fields, CancellationToken cancellationToken) =>
        Store.WriteAsync(db =>
        {
            var engine = EntityRequests.Engine(this, db);
            var actor = new EntityActor(Options.ServiceUserName);
            using var transaction = engine.Store.Begin();
            var (entity, _) = engine.Create(projectName, kind, WithoutNullMembers(fields), null, actor);
            transaction.Commit();
            return EntityEngine.Str(entity, "id")!;
        }, cancellationToken);

    private Task SeedAsync(Func<EntityEngine, IReadOnlyList<EntityEventDraft>> work, CancellationToken cancellationToken) =>
        Store.WriteAsync(db =>
        {
            var engine = EntityRequests.Engine(this, db);
            using var transaction = engine.Store.Begin();
            _ = work(engine);
            transaction.Commit();
        }, cancellationToken);

    private static JsonObject WithoutNullMembers(JsonObject fields) => EntityEvents.WithoutNulls(fields);
}
