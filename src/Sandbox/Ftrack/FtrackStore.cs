using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>One stored entity: its concrete type and its column values (API attribute names).</summary>
internal sealed class StoredEntity(string type, Dictionary<string, JsonNode?> values, long sequence)
{
    public string Type { get; set; } = type;

    public Dictionary<string, JsonNode?> Values { get; } = values;

    public long Sequence { get; } = sequence;

    public string? Id => Str("id");

    public JsonNode? Get(string name) => Values.GetValueOrDefault(name);

    public string? Str(string name) => Values.GetValueOrDefault(name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public StoredEntity Clone() => new(Type, Values.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal), Sequence);
}

/// <summary>
/// The emulator's entity store: tables of entities by primary key, an undo log so that a failing batch leaves no
/// trace (all-or-nothing, ftrack-protocol.md §1.2), and the helpers the query engine and the operations share.
/// Not thread-safe: the emulator serialises requests.
/// </summary>
internal sealed partial class FtrackStore(FtrackTypeModel model, TimeProvider timeProvider)
{
    private readonly Dictionary<string, Dictionary<string, StoredEntity>> _tables = new(StringComparer.Ordinal);
    private readonly List<(string Table, string Key, StoredEntity? Previous)> _undo = [];
    private long _sequence;
    private bool _recording;

    public FtrackTypeModel Model { get; } = model;

    public string Now() => timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public void BeginTransaction()
    {
        _undo.Clear();
        _recording = true;
    }

    public void Commit()
    {
        _undo.Clear();
        _recording = false;
    }

    public void Rollback()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var (table, key, previous) = _undo[i];
            var rows = Table(table);
            if (previous is null)
            {
                rows.Remove(key);
            }
            else
            {
                rows[key] = previous;
            }
        }

        _undo.Clear();
        _recording = false;
    }

    public static string KeyString(IEnumerable<string?> values) => string.Join("\u001f", values);

    public string KeyOf(StoredEntity entity) =>
        KeyString(Model.Get(entity.Type).PrimaryKey.Select(entity.Str));

    public StoredEntity? Find(string type, string key) =>
        Table(FtrackTypeModel.Family(Model.FamilyOf(type))).GetValueOrDefault(key) is { } e && Model.IsA(e.Type, type) ? e : null;

    public StoredEntity? FindById(string type, string? id) => id is null ? null : Find(type, id);

    /// <summary>Any entity with this id, whatever its table (for references without a known type).</summary>
    public StoredEntity? FindAnyById(string id)
    {
        foreach (var table in _tables.Values)
        {
            if (table.TryGetValue(id, out var entity))
            {
                return entity;
            }
        }

        return null;
    }

    public IEnumerable<StoredEntity> All(string type) =>
        Table(FtrackTypeModel.Family(Model.FamilyOf(type))).Values.Where(e => Model.IsA(e.Type, type));

    public StoredEntity Insert(string type, Dictionary<string, JsonNode?> values)
    {
        var entity = new StoredEntity(type, values, ++_sequence);
        var table = FtrackTypeModel.Family(Model.FamilyOf(type));
        var key = KeyOf(entity);
        if (Table(table).ContainsKey(key))
        {
            throw new EmulatorError("DuplicateEntryError", $"Duplicate entry: a {type} with key ({key.Replace('\u001f', ',')}) exists already.");
        }

        Remember(table, key);
        Table(table)[key] = entity;
        return entity;
    }

    /// <summary>Call before changing an entity's values, so that a rollback restores them.</summary>
    public void Touch(StoredEntity entity) => Remember(FtrackTypeModel.Family(Model.FamilyOf(entity.Type)), KeyOf(entity));

    public void Remove(StoredEntity entity)
    {
        var table = FtrackTypeModel.Family(Model.FamilyOf(entity.Type));
        var key = KeyOf(entity);
        Remember(table, key);
        Table(table).Remove(key);
    }

    private void Remember(string table, string key)
    {
        if (_recording)
        {
            _undo.Add((table, key, Table(table).GetValueOrDefault(key)?.Clone()));
        }
    }

    private Dictionary<string, StoredEntity> Table(string name)
    {
        if (!_tables.TryGetValue(name, out var table))
        {
            table = new Dictionary<string, StoredEntity>(StringComparer.Ordinal);
            _tables[name] = table;
        }

        return table;
    }

    // ---------------------------------------------------------------- relations and computed values

    /// <summary>The project of a context, asset, version, list or note (walks parents), or null.</summary>
    public StoredEntity? ProjectOf(StoredEntity entity)
    {
        var current = entity;
        for (var guard = 0; current is not null && guard < 256; guard++)
        {
            if (current.Type == "Project")
            {
                return current;
            }

            current = ParentOf(current);
        }

        return null;
    }

    /// <summary>The parent used for <c>parentId</c> and <c>parents</c> of events (ftrack-protocol.md §4.2).</summary>
    public StoredEntity? ParentOf(StoredEntity entity)
    {
        var type = entity.Type;
        if (type == "Project")
        {
            return null;
        }

        if (Model.IsTypedContext(type))
        {
            return FindById("Context", entity.Str("parent_id"));
        }

        return FtrackTypeModel.Family(type) switch
        {
            "List" => FindById("Project", entity.Str("project_id")),
            "Component" => FindById("AssetVersion", entity.Str("version_id")),
            _ => type switch
            {
                "Asset" => FindById("Context", entity.Str("context_id")),
                "AssetVersion" => FindById("Asset", entity.Str("asset_id")),
                "Note" => entity.Str("parent_id") is { } p ? FindAnyById(p) : null,
                "Appointment" => FindById("Context", entity.Str("context_id")),
                "ListObject" => FindById("List", entity.Str("list_id")),
                "TypedContextLink" => FindById("Context", entity.Str("to_id")),
                "UserSecurityRoleProject" => FindById("UserSecurityRole", entity.Str("user_security_role_id")),
                "UserSecurityRole" => FindById("User", entity.Str("user_id")),
                "Timelog" => FindById("Context", entity.Str("context_id")),
                "ReviewSessionObject" => FindById("ReviewSession", entity.Str("review_session_id")),
                "ReviewSession" => FindById("Project", entity.Str("project_id")),
                _ => null,
            },
        };
    }

    /// <summary>Ancestors of a context, nearest first (parent, grandparent, ..., project excluded).</summary>
    public List<StoredEntity> Ancestors(StoredEntity entity)
    {
        var result = new List<StoredEntity>();
        var current = FindById("Context", entity.Str("parent_id"));
        for (var guard = 0; current is not null && guard < 256; guard++)
        {
            if (current.Type == "Project")
            {
                break;
            }

            result.Add(current);
            current = FindById("Context", current.Str("parent_id"));
        }

        return result;
    }

    public List<StoredEntity> Descendants(StoredEntity entity)
    {
        var result = new List<StoredEntity>();
        var queue = new Queue<string>([entity.Id ?? ""]);
        var children = All("TypedContext").ToLookup(e => e.Str("parent_id") ?? "", StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            foreach (var child in children[queue.Dequeue()].OrderBy(c => c.Sequence))
            {
                result.Add(child);
                queue.Enqueue(child.Id ?? "");
            }
        }

        return result;
    }

    /// <summary>The <c>link</c> attribute: <c>[{"id","name","type"}]</c> from the project down to the entity.</summary>
    public JsonArray Link(StoredEntity entity)
    {
        var chain = new List<JsonObject>();
        var current = entity;
        for (var guard = 0; current is not null && guard < 256; guard++)
        {
            var type = current.Type == "Project" ? "Project" : Model.IsTypedContext(current.Type) ? "TypedContext" : current.Type;
            var name = current.Type switch
            {
                "Project" => current.Str("full_name") ?? current.Str("name"),
                "AssetVersion" => $"v{FtrackValue.ReadInt64(current.Get("version")) ?? 0:000}",
                _ => current.Str("name"),
            };
            chain.Add(new JsonObject { ["id"] = current.Id, ["name"] = name, ["type"] = type });
            current = ParentOf(current);
            if (current is not null && !(Model.IsA(current.Type, "Context") || current.Type is "Asset" or "AssetVersion"))
            {
                break;
            }
        }

        chain.Reverse();
        return new JsonArray([.. chain]);
    }

    /// <summary>The members of a collection attribute.</summary>
    public List<StoredEntity> Members(StoredEntity owner, FtrackSchemaProperty property)
    {
        switch (Model.Collection(owner.Type, property))
        {
            case ComputedCollection { Name: "custom_attributes" }:
                return DenseCustomAttributes(owner);
            case ComputedCollection { Name: "ancestors" }:
                return Ancestors(owner);
            case ComputedCollection { Name: "descendants" }:
                return Descendants(owner);
            case ReverseForeignKey reverse:
                return [.. Rows(reverse.TargetType)
                    .Where(e => e.Str(reverse.ForeignKey) == owner.Id
                        && (reverse.FilterAttribute is null || string.Equals(e.Str(reverse.FilterAttribute), reverse.FilterValue, StringComparison.OrdinalIgnoreCase)))
                    .OrderBy(e => e.Sequence)];
            case LinkTable link:
                return [.. Rows(link.LinkType)
                    .Where(e => e.Str(link.OwnerKey) == owner.Id)
                    .OrderBy(e => e.Sequence)
                    .Select(e => e.Str(link.TargetKey) is { } id ? FindById(link.TargetType, id) ?? FindAnyById(id) : null)
                    .OfType<StoredEntity>()];
            case HiddenLinkList list:
                return [.. LinkedIds(owner, list).Select(id => FindById(list.TargetType, id)).OfType<StoredEntity>()];
            default:
                throw new EmulatorError("ValidationError", $"The emulator cannot read {owner.Type}.{property.Name}.");
        }
    }

    /// <summary>The ids an owner keeps in the hidden column of a <see cref="HiddenLinkList"/>.</summary>
    private static IEnumerable<string> LinkedIds(StoredEntity owner, HiddenLinkList list) =>
        owner.Get(list.Column) is JsonArray ids ? ids.Select(id => id is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    /// <summary>The entity a reference attribute points to, or null.</summary>
    public StoredEntity? Related(StoredEntity owner, FtrackSchemaProperty property)
    {
        if (owner.Type == "Asset" && property.Name == "latest_version")
        {
            return All("AssetVersion").Where(v => v.Str("asset_id") == owner.Id).MaxBy(v => FtrackValue.ReadInt64(v.Get("version")) ?? 0);
        }

        if (FtrackTypeModel.Family(owner.Type) == "CustomAttributeValue" && property.Name == "configuration")
        {
            return FindById("CustomAttributeConfiguration", owner.Str("configuration_id"));
        }

        var key = Model.ReferenceKey(owner.Type, property);
        var id = owner.Str(key);
        if (id is null)
        {
            return null;
        }

        var target = property.Ref ?? "";
        return Model.Find(target) is not null ? FindById(target, id) ?? FindAnyById(id) : FindAnyById(id);
    }

    /// <summary>Rows of a queried type, including the virtual custom attribute value views.</summary>
    public IEnumerable<StoredEntity> Rows(string type) =>
        FtrackTypeModel.Family(type) == "CustomAttributeValue"
            ? CustomAttributeValueRows(type)
            : All(type).OrderBy(e => e.Sequence);

    /// <summary>The value of a scalar attribute, computed ones included.</summary>
    public JsonNode? Scalar(StoredEntity entity, string name)
    {
        switch (name)
        {
            case "link" or "_link" when Model.IsA(entity.Type, "Context") || entity.Type == "AssetVersion":
                return Link(entity);
            case "thumbnail_url":
                return null;
            case "time_logged" or "bid_time_logged_difference":
                return 0;
            case "is_latest_version" when entity.Type == "AssetVersion":
                var latest = All("AssetVersion").Where(v => v.Str("asset_id") == entity.Str("asset_id")).MaxBy(v => FtrackValue.ReadInt64(v.Get("version")) ?? 0);
                return latest?.Id == entity.Id;
            case "url" when entity.Type == "ComponentLocation":
                return null;
            default:
                return entity.Get(name)?.DeepClone();
        }
    }

    /// <summary>Reads a datetime stored or sent in any accepted spelling into the stored naive UTC text.</summary>
    public static string? NormalizeDateTime(JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        DateTimeOffset? parsed;
        try
        {
            parsed = FtrackValue.ReadDateTime(value);
        }
        catch (FormatException ex)
        {
            throw new EmulatorError("ValidationError", ex.Message);
        }

        return parsed?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            ?? throw new EmulatorError("ValidationError", $"{value.ToJsonString()} is not a datetime.");
    }

    public static bool JsonEquals(JsonNode? a, JsonNode? b) =>
        a is null ? b is null : b is not null && JsonNode.DeepEquals(a, b);

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;
}
