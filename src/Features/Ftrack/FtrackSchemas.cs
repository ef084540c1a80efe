using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>One attribute of an entity schema (ftrack-protocol.md §1.7).</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Type"><c>string, integer, number, boolean, variable, object, array, mapped_array</c>, or null for a reference.</param>
/// <param name="Format"><c>date-time, date, foreign_key, json</c>, or null.</param>
/// <param name="Ref">The referenced type of a reference, or the item type of a collection.</param>
/// <param name="AliasFor">The legacy column name (used in event keys), or null.</param>
/// <param name="Default">The schema default (<c>"{uid}"</c> means a new id), or null.</param>
/// <param name="Description">The description (carries <c>Foreign key(s): Type.attr</c> for foreign keys).</param>
/// <param name="RestrictedProjection">Clients must not project this attribute.</param>
public sealed record FtrackSchemaProperty(
    string Name,
    string? Type,
    string? Format,
    string? Ref,
    string? AliasFor,
    JsonNode? Default,
    string? Description,
    bool RestrictedProjection)
{
    /// <summary>A reference to one entity (<c>$ref</c> without a type).</summary>
    public bool IsReference => Type is null && Ref is not null;

    /// <summary>A collection (<c>array</c> or <c>mapped_array</c>).</summary>
    public bool IsCollection => Type is "array" or "mapped_array";

    /// <summary>A plain column value.</summary>
    public bool IsScalar => !IsReference && !IsCollection;

    /// <summary>The legacy column name used in <c>ftrack.update</c> keys.</summary>
    public string LegacyName => AliasFor ?? Name;

    /// <summary>The type named by <c>Foreign key(s): Type.attr</c>, when the description carries one.</summary>
    public string? ForeignKeyTarget
    {
        get
        {
            const string prefix = "Foreign key(s): ";
            if (Description is null || !Description.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var target = Description[prefix.Length..];
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 ? target[..dot] : null;
        }
    }
}

/// <summary>One entity schema of <c>query_schemas</c> (ftrack-protocol.md §1.7).</summary>
public sealed record FtrackSchema(
    string Id,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Immutable,
    IReadOnlyList<string> Computed,
    IReadOnlyList<string> DefaultProjections,
    IReadOnlyList<string> SystemProjections,
    string? LegacyTable,
    string? ClassifiedAs,
    IReadOnlyDictionary<string, string> Classifiers,
    IReadOnlyDictionary<string, FtrackSchemaProperty> Properties)
{
    /// <summary>Reads one schema object of the <c>query_schemas</c> reply.</summary>
    public static FtrackSchema Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var id = FtrackValue.ReadString(json["id"]) ?? throw new FtrackProtocolException("ftrack schema without an id.");
        string? legacy = null;
        string? classified = null;
        var classifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (json["alias_for"])
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                legacy = s;
                break;
            case JsonObject o:
                classified = FtrackValue.ReadString(o["id"]);
                if (o["classifiers"] is JsonObject c)
                {
                    foreach (var (name, value) in c)
                    {
                        classifiers[name] = FtrackValue.ReadString(value) ?? value?.ToJsonString() ?? "";
                    }
                }

                break;
        }

        var properties = new Dictionary<string, FtrackSchemaProperty>(StringComparer.Ordinal);
        if (json["properties"] is JsonObject props)
        {
            foreach (var (name, value) in props)
            {
                if (value is not JsonObject p)
                {
                    continue;
                }

                properties[name] = new FtrackSchemaProperty(
                    name,
                    FtrackValue.ReadString(p["type"]),
                    FtrackValue.ReadString(p["format"]),
                    FtrackValue.ReadString(p["$ref"]) ?? FtrackValue.ReadString(p["items"]?["$ref"]),
                    FtrackValue.ReadString(p["alias_for"]),
                    p["default"]?.DeepClone(),
                    FtrackValue.ReadString(p["description"]),
                    FtrackValue.ReadBoolean(p["restricted_projection"]) ?? false);
            }
        }

        return new FtrackSchema(
            id,
            Strings(json["primary_key"]),
            Strings(json["required"]),
            Strings(json["immutable"]),
            Strings(json["computed"]),
            Strings(json["default_projections"]),
            Strings(json["system_projections"]),
            legacy,
            classified,
            classifiers,
            properties);
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(FtrackValue.ReadString).OfType<string>()] : [];
}

/// <summary>The schemas of one ftrack server, by type id.</summary>
public sealed class FtrackSchemaSet
{
    private readonly Dictionary<string, FtrackSchema> _byId;

    public FtrackSchemaSet(IEnumerable<FtrackSchema> schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        _byId = schemas.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>All schemas.</summary>
    public IReadOnlyCollection<FtrackSchema> All => _byId.Values;

    /// <summary>The schema of a type, or null when the server has no such type.</summary>
    public FtrackSchema? Find(string entityType) => _byId.GetValueOrDefault(entityType);

    /// <summary>Reads the <c>query_schemas</c> reply (a JSON array of schema objects).</summary>
    public static FtrackSchemaSet Parse(JsonNode? reply) =>
        reply is JsonArray array
            ? new FtrackSchemaSet(array.OfType<JsonObject>().Select(FtrackSchema.Parse))
            : throw new FtrackProtocolException("ftrack query_schemas did not answer with an array.");
}

/// <summary>
/// The schemas per ftrack server, fetched once per process (they change only with a server upgrade; a new
/// <c>schema_hash</c> in <c>query_server_information</c> makes the session fetch them again).
/// </summary>
public sealed class FtrackSchemaCache
{
    private readonly ConcurrentDictionary<string, (string Hash, FtrackSchemaSet Schemas)> _byServer = new(StringComparer.OrdinalIgnoreCase);

    internal bool TryGet(Uri server, string? hash, out FtrackSchemaSet schemas)
    {
        if (_byServer.TryGetValue(server.ToString(), out var entry) && (hash is null || entry.Hash == hash))
        {
            schemas = entry.Schemas;
            return true;
        }

        schemas = null!;
        return false;
    }

    internal void Set(Uri server, string hash, FtrackSchemaSet schemas) => _byServer[server.ToString()] = (hash, schemas);
}

/// <summary>The reply of <c>query_server_information</c> (ftrack-protocol.md §1.5).</summary>
public sealed record FtrackServerInformation(string Version, string? SchemaHash, bool IsTimezoneSupportEnabled, string? StorageScenario, JsonObject Raw)
{
    internal static FtrackServerInformation Parse(JsonNode? reply)
    {
        if (reply is not JsonObject info)
        {
            throw new FtrackProtocolException("ftrack query_server_information did not answer with an object.");
        }

        var version = FtrackValue.ReadString(info["version"])
            ?? throw new FtrackProtocolException("ftrack query_server_information answered without a version.");
        return new FtrackServerInformation(
            version,
            FtrackValue.ReadString(info["schema_hash"]),
            FtrackValue.ReadBoolean(info["is_timezone_support_enabled"]) ?? false,
            FtrackValue.ReadString(info["storage_scenario"]?["scenario"]),
            (JsonObject)info.DeepClone());
    }
}
