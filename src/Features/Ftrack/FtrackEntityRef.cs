using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// A reference to one ftrack entity: its type (schema id) and primary key values in schema order
/// (ftrack-protocol.md §1.4). Encodes as <c>{"__entity_type__": "Status", "id": "..."}</c>.
/// </summary>
public sealed record FtrackEntityRef
{
    private FtrackEntityRef(string entityType, IReadOnlyList<KeyValuePair<string, string>> key)
    {
        EntityType = entityType;
        Key = key;
    }

    /// <summary>The entity type, e.g. <c>Shot</c> or <c>CustomAttributeValue</c>.</summary>
    public string EntityType { get; }

    /// <summary>Primary key attribute names and values, in schema order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Key { get; }

    /// <summary>The <c>id</c>; throws for composite keys.</summary>
    public string Id => Key.Count == 1 && Key[0].Key == "id"
        ? Key[0].Value
        : throw new InvalidOperationException($"ftrack {EntityType} has a composite primary key; use Key.");

    /// <summary>"Type,value1,value2": how replies are merged by identity (ftrack-protocol.md §6 pitfalls).</summary>
    public string Identity => EntityType + "," + string.Join(",", Key.Select(k => k.Value));

    /// <summary>A reference by <c>id</c>.</summary>
    public static FtrackEntityRef Of(string entityType, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new FtrackEntityRef(entityType, [new("id", id)]);
    }

    /// <summary>A reference by a composite key, names and values in schema order.</summary>
    public static FtrackEntityRef Composite(string entityType, params KeyValuePair<string, string>[] key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("A primary key needs at least one attribute.", nameof(key));
        }

        return new FtrackEntityRef(entityType, [.. key]);
    }

    /// <summary>The values of the key as <c>entity_key</c> (a JSON array).</summary>
    public JsonArray KeyValues() => new([.. Key.Select(k => (JsonNode?)JsonValue.Create(k.Value))]);

    /// <summary>The reference object <c>{"__entity_type__": ..., pk...}</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["__entity_type__"] = EntityType };
        foreach (var (name, value) in Key)
        {
            json[name] = value;
        }

        return json;
    }

    /// <inheritdoc />
    public bool Equals(FtrackEntityRef? other) => other is not null && Identity == other.Identity;

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Identity);

    /// <inheritdoc />
    public override string ToString() => Identity;
}

/// <summary>Primary keys of the ftrack entity types (from the server's schemas; types not listed use <c>id</c>).</summary>
public static class FtrackPrimaryKeys
{
    private static readonly string[] Id = ["id"];
    private static readonly string[] CustomAttributeValueKey = ["configuration_id", "entity_id"];

    private static readonly Dictionary<string, string[]> Composite = new(StringComparer.Ordinal)
    {
        ["CustomAttributeValue"] = CustomAttributeValueKey,
        ["ContextCustomAttributeValue"] = CustomAttributeValueKey,
        ["AssetVersionCustomAttributeValue"] = CustomAttributeValueKey,
        ["AssetCustomAttributeValue"] = CustomAttributeValueKey,
        ["UserCustomAttributeValue"] = CustomAttributeValueKey,
        ["ListCustomAttributeValue"] = CustomAttributeValueKey,
        ["ListObjectCustomAttributeValue"] = CustomAttributeValueKey,
        ["Metadata"] = ["parent_id", "key"],
        ["NoteComponent"] = ["component_id", "note_id"],
        ["JobComponent"] = ["component_id", "job_id"],
        ["ProjectSchemaObjectType"] = ["object_type_id", "project_schema_id"],
        ["TaskTypeSchemaType"] = ["task_type_schema_id", "type_id"],
        ["WorkflowSchemaStatus"] = ["workflow_schema_id", "status_id"],
        ["SchemaType"] = ["type_id", "schema_id"],
        ["SchemaStatus"] = ["status_id", "schema_id"],
        ["NoteLabelLink"] = ["note_id", "label_id"],
        ["Recipient"] = ["note_id", "resource_id"],
        ["Setting"] = ["name", "group"],
        ["UserApplicationState"] = ["user_id", "key"],
        ["DashboardResource"] = ["dashboard_id", "resource_id"],
        ["EntitySetting"] = ["parent_id", "group", "name"],
        ["SettingComponent"] = ["component_id", "name", "group"],
    };

    /// <summary>The primary key attribute names of <paramref name="entityType"/>, in schema order.</summary>
    public static IReadOnlyList<string> Of(string entityType) =>
        Composite.TryGetValue(entityType, out var key) ? key : Id;

    /// <summary>The reference of an encoded entity, or null when the object lacks its type or a key value.</summary>
    public static FtrackEntityRef? RefOf(JsonObject entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (FtrackValue.ReadString(entity["__entity_type__"]) is not { Length: > 0 } type)
        {
            return null;
        }

        var names = Of(type);
        var key = new KeyValuePair<string, string>[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (entity[names[i]] is not JsonValue value)
            {
                return null;
            }

            key[i] = new(names[i], value.TryGetValue<string>(out var s) ? s : value.ToJsonString());
        }

        return names.Count == 1 && names[0] == "id" ? FtrackEntityRef.Of(type, key[0].Value) : FtrackEntityRef.Composite(type, key);
    }
}
