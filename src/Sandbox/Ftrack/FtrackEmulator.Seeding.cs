using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>A user the emulator knows, with the API key it accepts for that user.</summary>
public sealed record FtrackSeededUser(string Id, string Username, string ApiKey)
{
    /// <inheritdoc />
    public override string ToString() => $"ftrack user {Username} ({Id})";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Username = ").Append(Username).Append(", ApiKey = ***");
        return true;
    }
}

/// <summary>The seeding API: builds server state directly (no events, no request counted).</summary>
public sealed partial class FtrackEmulator
{
    /// <summary>Creates any entity from create-style data (<c>entity_data</c>) and returns its id (or key for composite keys).</summary>
    public string Seed(string entityType, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            var reply = Apply(() => _store.Create(new JsonObject { ["action"] = "create", ["entity_type"] = entityType, ["entity_data"] = data.DeepClone() }, new OperationContext(ApiUserId, null))());
            var created = reply["data"]!.AsObject();
            return FtrackValue.ReadString(created["id"]) ?? string.Join(",", FtrackPrimaryKeys.Of(entityType).Select(k => FtrackValue.ReadString(created[k])));
        }
    }

    /// <summary>Adds an active user with an API key (generated when not given).</summary>
    public FtrackSeededUser AddUser(string username, string? apiKey = null, string firstName = "", string lastName = "", string? email = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        var key = apiKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var id = Seed("User", new JsonObject
        {
            ["username"] = username,
            ["first_name"] = firstName,
            ["last_name"] = lastName,
            ["email"] = email ?? username + "@studio.test",
            ["is_active"] = true,
        });
        _apiKeys[username] = key;
        return new FtrackSeededUser(id, username, key);
    }

    /// <summary>Adds a project (<paramref name="name"/> is the short code, <paramref name="fullName"/> the AYON project name).</summary>
    public string AddProject(string name, string? fullName = null) =>
        Seed("Project", new JsonObject { ["name"] = name, ["full_name"] = fullName ?? name, ["project_schema_id"] = FtrackSeed.DefaultProjectSchemaId });

    /// <summary>Adds a TypedContext of the given concrete type (<c>Folder, Episode, Sequence, Shot, AssetBuild, Milestone, Task</c>).</summary>
    public string AddContext(string entityType, string parentId, string name, string? typeName = null, string? statusName = null)
    {
        var data = new JsonObject { ["name"] = name, ["parent_id"] = parentId };
        if (typeName is not null)
        {
            data["type_id"] = TypeId(typeName);
        }

        if (statusName is not null)
        {
            data["status_id"] = StatusId(statusName);
        }

        return Seed(entityType, data);
    }

    public string AddFolder(string parentId, string name) => AddContext("Folder", parentId, name);

    public string AddEpisode(string parentId, string name) => AddContext("Episode", parentId, name);

    public string AddSequence(string parentId, string name) => AddContext("Sequence", parentId, name);

    public string AddShot(string parentId, string name, string? statusName = null) => AddContext("Shot", parentId, name, statusName: statusName);

    public string AddAssetBuild(string parentId, string name, string typeName = "Modeling") => AddContext("AssetBuild", parentId, name, typeName);

    /// <summary>Adds a Task (type by name, e.g. <c>Compositing</c>; status by name or the workflow's first).</summary>
    public string AddTask(string parentId, string name, string typeName = "Generic", string? statusName = null) =>
        AddContext("Task", parentId, name, typeName, statusName);

    /// <summary>Adds a Status with a state (<c>NOT_STARTED, IN_PROGRESS, DONE, BLOCKED</c>) to every workflow.</summary>
    public string AddStatus(string name, string stateShort = "NOT_STARTED", string color = "#CCCCCC")
    {
        string stateId;
        lock (_gate)
        {
            stateId = _store.All("State").FirstOrDefault(s => string.Equals(s.Str("short"), stateShort, StringComparison.OrdinalIgnoreCase))?.Id
                ?? throw new ArgumentException($"No state \"{stateShort}\".", nameof(stateShort));
        }

        var id = Seed("Status", new JsonObject
        {
            ["name"] = name, ["color"] = color, ["is_active"] = true, ["sort"] = 100,
            ["state"] = new JsonObject { ["__entity_type__"] = "State", ["id"] = stateId },
        });
        foreach (var workflow in QueryIds("select id from WorkflowSchema"))
        {
            Seed("WorkflowSchemaStatus", new JsonObject { ["workflow_schema_id"] = workflow, ["status_id"] = id });
        }

        return id;
    }

    /// <summary>Adds a task Type to the default task type schema.</summary>
    public string AddType(string name)
    {
        var id = Seed("Type", new JsonObject { ["name"] = name, ["sort"] = 100, ["color"] = "#510100", ["is_billable"] = true });
        foreach (var schema in QueryIds("select id from TaskTypeSchema"))
        {
            Seed("TaskTypeSchemaType", new JsonObject { ["task_type_schema_id"] = schema, ["type_id"] = id });
        }

        return id;
    }

    /// <summary>
    /// Adds a custom attribute configuration. <paramref name="type"/>: <c>number, text, boolean, enumerator, date</c>;
    /// <paramref name="entityType"/>: <c>show, task, assetversion, asset, user, list</c> (ignored for hierarchical ones).
    /// </summary>
    public string AddCustomAttribute(string key, string type, string entityType = "show", bool isHierarchical = false, string? objectTypeId = null,
        JsonNode? defaultValue = null, string? config = null, string? projectId = null, string? label = null)
    {
        var data = new JsonObject
        {
            ["key"] = key,
            ["label"] = label ?? key,
            ["type_id"] = FtrackSeed.IdFor("catype:" + type),
            ["entity_type"] = isHierarchical ? "show" : entityType,
            ["is_hierarchical"] = isHierarchical,
            ["group_id"] = FtrackSeed.IdFor("cagroup:ayon"),
            ["config"] = config ?? (type == "number" ? "{\"isdecimal\": true}" : "{}"),
            ["default"] = defaultValue?.DeepClone(),
        };
        if (objectTypeId is not null)
        {
            data["object_type_id"] = objectTypeId;
        }

        if (projectId is not null)
        {
            data["project_id"] = projectId;
        }

        return Seed("CustomAttributeConfiguration", data);
    }

    /// <summary>Stores a custom attribute value (type-checked against the configuration).</summary>
    public void SetCustomAttributeValue(string configurationId, string entityId, JsonNode? value)
    {
        lock (_gate)
        {
            Apply(() => _store.SetCustomAttributeValue(configurationId, entityId, value, new OperationContext(ApiUserId, null)));
        }
    }

    /// <summary>Adds an Asset under a context (asset type by short name, e.g. <c>upload</c>, <c>geo</c>, <c>render</c>).</summary>
    public string AddAsset(string contextId, string name, string assetTypeShort = "upload") =>
        Seed("Asset", new JsonObject { ["name"] = name, ["context_id"] = contextId, ["type_id"] = FtrackSeed.IdFor("assettype:" + assetTypeShort) });

    /// <summary>Adds an AssetVersion (version number: next free one when null).</summary>
    public string AddAssetVersion(string assetId, int? version = null, string? taskId = null, string? statusName = null)
    {
        var data = new JsonObject { ["asset_id"] = assetId, ["task_id"] = taskId };
        if (version is not null)
        {
            data["version"] = version;
        }

        if (statusName is not null)
        {
            data["status_id"] = StatusId(statusName);
        }

        return Seed("AssetVersion", data);
    }

    /// <summary>Adds a Note on an entity (<paramref name="parentType"/>: schema id, e.g. <c>TypedContext</c>, <c>AssetVersion</c>).</summary>
    public string AddNote(string parentId, string parentType, string content, string? userId = null) =>
        Seed("Note", new JsonObject { ["parent_id"] = parentId, ["parent_type"] = parentType, ["content"] = content, ["user_id"] = userId ?? ApiUserId });

    /// <summary>The id of a Status by name.</summary>
    public string StatusId(string name) => IdByName("Status", name);

    /// <summary>The id of a task Type by name.</summary>
    public string TypeId(string name) => IdByName("Type", name);

    /// <summary>The id of an ObjectType by name (<c>Task</c>, <c>Shot</c>, <c>Asset Build</c>, ...).</summary>
    public string ObjectTypeId(string name) => IdByName("ObjectType", name);

    /// <summary>Runs a query directly on the store (no HTTP, not counted) and returns the encoded rows.</summary>
    public JsonArray QueryLocal(string expression)
    {
        lock (_gate)
        {
            return Apply(() => _store.Query(expression, denormalize: false))["data"]!.AsArray();
        }
    }

    /// <summary>A copy of an entity's stored columns (API names), or null.</summary>
    public JsonObject? GetEntity(string entityType, string id)
    {
        lock (_gate)
        {
            var entity = _store.FindById(entityType, id);
            if (entity is null)
            {
                return null;
            }

            var json = new JsonObject { ["__entity_type__"] = entity.Type };
            foreach (var (name, value) in entity.Values)
            {
                json[name] = value?.DeepClone();
            }

            return json;
        }
    }

    /// <summary>The stored value of a custom attribute on an entity (null when not set).</summary>
    public JsonNode? GetCustomAttributeValue(string configurationId, string entityId)
    {
        lock (_gate)
        {
            return _store.Find("CustomAttributeValue", FtrackStore.KeyString([configurationId, entityId]))?.Get("value")?.DeepClone();
        }
    }

    private string IdByName(string type, string name)
    {
        lock (_gate)
        {
            return _store.All(type).FirstOrDefault(e => string.Equals(e.Str("name"), name, StringComparison.OrdinalIgnoreCase))?.Id
                ?? throw new ArgumentException($"The emulator has no {type} named \"{name}\".", nameof(name));
        }
    }

    private List<string> QueryIds(string expression) =>
        [.. QueryLocal(expression).Select(row => FtrackValue.ReadString(row?["id"])).OfType<string>()];

    private static T Apply<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (EmulatorError error)
        {
            throw new InvalidOperationException($"ftrack emulator seeding failed: {error.ExceptionName}: {error.Message}", error);
        }
    }
}
