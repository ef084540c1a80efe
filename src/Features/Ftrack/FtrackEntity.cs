using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Merges the entities of ftrack replies by identity (ftrack-protocol.md §1.4, §6 pitfalls): a reply encodes
/// each entity fully once and every other occurrence as a bare reference, before or after the full copy.
/// After <see cref="Merge"/>, every entity object holds the union of what the replies carried, and nested
/// entities are stored as references that <see cref="FtrackEntity"/> resolves through this map.
/// </summary>
public sealed class FtrackIdentityMap
{
    private readonly Dictionary<string, JsonObject> _entities = new(StringComparer.Ordinal);

    /// <summary>Number of distinct entities seen.</summary>
    public int Count => _entities.Count;

    /// <summary>Merges a reply value (entity, array or scalar) and returns it with entities replaced by references.</summary>
    public JsonNode? Merge(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray([.. array.Select(Merge)]);
            case JsonObject obj when FtrackPrimaryKeys.RefOf(obj) is { } reference:
                {
                    var merged = GetOrAdd(reference);
                    foreach (var (name, value) in obj)
                    {
                        if (name == "__entity_type__")
                        {
                            continue;
                        }

                        merged[name] = Merge(value);
                    }

                    return reference.ToJson();
                }

            case JsonObject obj:
                {
                    var copy = new JsonObject();
                    foreach (var (name, value) in obj)
                    {
                        copy[name] = Merge(value);
                    }

                    return copy;
                }

            default:
                return node?.DeepClone();
        }
    }

    /// <summary>The merged entity for a reference, or null when it was never seen.</summary>
    public FtrackEntity? Find(FtrackEntityRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _entities.TryGetValue(reference.Identity, out var data) ? new FtrackEntity(data, this) : null;
    }

    internal FtrackEntity Resolve(JsonObject referenceOrEntity)
    {
        var reference = FtrackPrimaryKeys.RefOf(referenceOrEntity);
        return reference is not null && _entities.TryGetValue(reference.Identity, out var data)
            ? new FtrackEntity(data, this)
            : new FtrackEntity(referenceOrEntity, this);
    }

    private JsonObject GetOrAdd(FtrackEntityRef reference)
    {
        if (!_entities.TryGetValue(reference.Identity, out var merged))
        {
            merged = reference.ToJson();
            _entities[reference.Identity] = merged;
        }

        return merged;
    }
}

/// <summary>
/// A thin read-only view over one ftrack entity from a reply (merged by identity). Attribute names are
/// ftrack's API names; values follow ftrack-protocol.md §1.4. Typed records (e.g. <see cref="FtrackTypedContext"/>)
/// are built from it.
/// </summary>
public sealed class FtrackEntity
{
    private readonly JsonObject _data;
    private readonly FtrackIdentityMap _map;

    internal FtrackEntity(JsonObject data, FtrackIdentityMap map)
    {
        _data = data;
        _map = map;
    }

    /// <summary>The concrete type (<c>__entity_type__</c>), e.g. <c>Shot</c>.</summary>
    public string EntityType => FtrackValue.ReadString(_data["__entity_type__"]) ?? "";

    /// <summary>The reference of this entity.</summary>
    public FtrackEntityRef Ref => FtrackPrimaryKeys.RefOf(_data)
        ?? throw new FtrackProtocolException($"ftrack returned a {EntityType} without its primary key.");

    /// <summary>The <c>id</c> (types with a composite key throw).</summary>
    public string Id => Ref.Id;

    /// <summary>The attribute names present (the reply's projection, system projections and key).</summary>
    public IEnumerable<string> Attributes => _data.Select(p => p.Key).Where(k => k != "__entity_type__");

    /// <summary>Whether the reply carried this attribute (a null value counts as carried).</summary>
    public bool Has(string attribute) => _data.ContainsKey(attribute);

    /// <summary>The raw value of an attribute (entities appear as references; use <see cref="GetEntity"/>).</summary>
    public JsonNode? this[string attribute] => _data[attribute];

    public string? GetString(string attribute) => _data[attribute] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    public long? GetInt64(string attribute) => FtrackValue.ReadInt64(_data[attribute]);

    public int? GetInt32(string attribute) => GetInt64(attribute) is { } l ? checked((int)l) : null;

    public double? GetDouble(string attribute) => FtrackValue.ReadDouble(_data[attribute]);

    public bool? GetBoolean(string attribute) => FtrackValue.ReadBoolean(_data[attribute]);

    public DateTimeOffset? GetDateTime(string attribute) => FtrackValue.ReadDateTime(_data[attribute]);

    /// <summary>The related entity of a reference attribute (resolved by identity), or null.</summary>
    public FtrackEntity? GetEntity(string attribute) =>
        _data[attribute] is JsonObject reference ? _map.Resolve(reference) : null;

    /// <summary>The members of a collection attribute (resolved by identity); empty when absent.</summary>
    public IReadOnlyList<FtrackEntity> GetEntities(string attribute) =>
        _data[attribute] is JsonArray array ? [.. array.OfType<JsonObject>().Select(_map.Resolve)] : [];

    /// <summary>
    /// The <c>custom_attributes</c> mapped array as key → value (dense on the server: every applicable
    /// configuration, with the stored value or the default, ftrack-protocol.md §1.6). Empty when not selected.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?> CustomAttributes =>
        GetEntities("custom_attributes")
            .Where(item => item.GetString("key") is not null)
            .GroupBy(item => item.GetString("key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()["value"]?.DeepClone(), StringComparer.Ordinal);

    /// <summary>The <c>link</c> attribute: the path from the project down to this entity.</summary>
    public IReadOnlyList<FtrackLinkItem> Link =>
        _data["link"] is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(item => new FtrackLinkItem(
                FtrackValue.ReadString(item["id"]) ?? "",
                FtrackValue.ReadString(item["name"]) ?? "",
                FtrackValue.ReadString(item["type"]) ?? ""))]
            : [];

    /// <summary>A copy of the merged JSON of this entity (nested entities as references).</summary>
    public JsonObject ToJson() => (JsonObject)_data.DeepClone();

    /// <inheritdoc />
    public override string ToString() => FtrackPrimaryKeys.RefOf(_data)?.Identity ?? EntityType;
}

/// <summary>One item of an entity's <c>link</c>: <c>{"id", "name", "type"}</c> (<c>type</c> is <c>Project</c> or <c>TypedContext</c>, ...).</summary>
public sealed record FtrackLinkItem(string Id, string Name, string Type);
