using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>A projection tree: <c>status.state.short</c> becomes status → state → short.</summary>
internal sealed class Projection
{
    public Dictionary<string, Projection> Children { get; } = new(StringComparer.Ordinal);

    public void Add(string path)
    {
        var node = this;
        foreach (var part in path.Split('.'))
        {
            if (!node.Children.TryGetValue(part, out var child))
            {
                child = new Projection();
                node.Children[part] = child;
            }

            node = child;
        }
    }

    public void MergeFrom(Projection other)
    {
        foreach (var (name, child) in other.Children)
        {
            if (!Children.TryGetValue(name, out var mine))
            {
                mine = new Projection();
                Children[name] = mine;
            }

            mine.MergeFrom(child);
        }
    }
}

/// <summary>The query engine: filter, sort, page and encode (ftrack-protocol.md §2, §1.4, §6 item 4).</summary>
internal sealed partial class FtrackStore
{
    /// <summary>Runs a query expression and returns the <c>{"action":"query","data":[...],"metadata":{...}}</c> reply.</summary>
    public JsonObject Query(string expression, bool denormalize)
    {
        var query = FtrackQueryParser.Parse(expression);
        var schema = Model.Find(query.EntityType) ?? throw new EmulatorError("ValidationError", $"Unknown entity type \"{query.EntityType}\" in \"{expression}\".");
        var projection = new Projection();
        foreach (var path in query.Projections is { Count: > 0 } selected ? selected : schema.DefaultProjections)
        {
            ValidatePath(query.EntityType, path);
            projection.Add(path);
        }

        if (query.Where is not null)
        {
            ValidateExpr(query.EntityType, query.Where);
        }

        foreach (var (path, _) in query.Order)
        {
            ValidatePath(query.EntityType, path);
        }

        IEnumerable<StoredEntity> rows = Rows(query.EntityType);
        if (query.Where is not null)
        {
            rows = rows.Where(e => Evaluate(e, query.Where));
        }

        var list = rows.ToList();
        if (query.Order.Count > 0)
        {
            list.Sort((a, b) =>
            {
                foreach (var (path, descending) in query.Order)
                {
                    var c = CompareForSort(PathValues(a, path).FirstOrDefault(), PathValues(b, path).FirstOrDefault());
                    if (c != 0)
                    {
                        return descending ? -c : c;
                    }
                }

                return a.Sequence.CompareTo(b.Sequence);
            });
        }

        var offset = query.Offset ?? 0;
        var page = list.Skip(offset);
        if (query.Limit is { } limit)
        {
            page = page.Take(limit);
        }

        var pageRows = page.ToList();
        var next = offset + pageRows.Count < list.Count ? offset + pageRows.Count : (int?)null;
        return new JsonObject
        {
            ["action"] = "query",
            ["data"] = Encode(pageRows.Select(e => (e, projection)).ToList(), denormalize),
            ["metadata"] = new JsonObject { ["next"] = new JsonObject { ["offset"] = next } },
        };
    }

    /// <summary>
    /// Encodes entities with their projections. Normalised (default): each entity is encoded fully once, with the
    /// union of every projection asked of it in this reply, and as a bare reference everywhere else.
    /// </summary>
    public JsonArray Encode(IReadOnlyList<(StoredEntity Entity, Projection Projection)> items, bool denormalize)
    {
        var merged = new Dictionary<string, Projection>(StringComparer.Ordinal);
        if (!denormalize)
        {
            foreach (var (entity, projection) in items)
            {
                Collect(entity, projection, merged, 0);
            }
        }

        var emitted = new HashSet<string>(StringComparer.Ordinal);
        return new JsonArray([.. items.Select(i => (JsonNode)EncodeEntity(i.Entity, i.Projection, merged, emitted, denormalize, 0))]);
    }

    /// <summary>The reference object of an entity: <c>{"__entity_type__", pk...}</c>.</summary>
    public JsonObject Reference(StoredEntity entity)
    {
        var json = new JsonObject { ["__entity_type__"] = entity.Type };
        foreach (var key in Model.Get(entity.Type).PrimaryKey)
        {
            json[key] = entity.Get(key)?.DeepClone();
        }

        return json;
    }

    private string Identity(StoredEntity entity) => entity.Type + "," + KeyOf(entity);

    private void Collect(StoredEntity entity, Projection projection, Dictionary<string, Projection> merged, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        var identity = Identity(entity);
        if (!merged.TryGetValue(identity, out var existing))
        {
            existing = new Projection();
            merged[identity] = existing;
        }

        existing.MergeFrom(projection);
        foreach (var (name, child) in projection.Children)
        {
            var property = PropertyOf(entity.Type, name);
            if (property is null || property.IsScalar)
            {
                continue;
            }

            foreach (var related in property.IsReference ? (Related(entity, property) is { } single ? [single] : []) : Members(entity, property))
            {
                if (related is not null)
                {
                    Collect(related, LeafProjection(related, property, child), merged, depth + 1);
                }
            }
        }
    }

    private JsonObject EncodeEntity(StoredEntity entity, Projection projection, Dictionary<string, Projection> merged, HashSet<string> emitted, bool denormalize, int depth)
    {
        var identity = Identity(entity);
        if (!denormalize)
        {
            if (!emitted.Add(identity))
            {
                return Reference(entity);
            }

            projection = merged.GetValueOrDefault(identity) ?? projection;
        }

        var json = new JsonObject { ["__entity_type__"] = entity.Type };
        foreach (var name in Model.AlwaysEncoded(entity.Type))
        {
            json[name] = EncodeScalar(entity, name);
        }

        foreach (var (name, child) in projection.Children)
        {
            var property = PropertyOf(entity.Type, name);
            if (property is null)
            {
                continue;
            }

            if (property.IsScalar)
            {
                json[name] = EncodeScalar(entity, name);
            }
            else if (depth > 32)
            {
                continue;
            }
            else if (property.IsReference)
            {
                var related = Related(entity, property);
                json[name] = related is null ? null : EncodeEntity(related, LeafProjection(related, property, child), merged, emitted, denormalize, depth + 1);
            }
            else
            {
                json[name] = new JsonArray([.. Members(entity, property).Select(m => (JsonNode)EncodeEntity(m, LeafProjection(m, property, child), merged, emitted, denormalize, depth + 1))]);
            }
        }

        return json;
    }

    /// <summary>A relation selected without sub-attributes is encoded with the related type's default projections (plus key/value of mapped arrays).</summary>
    private Projection LeafProjection(StoredEntity related, FtrackSchemaProperty property, Projection child)
    {
        if (child.Children.Count > 0)
        {
            return child;
        }

        var leaf = new Projection();
        foreach (var name in Model.Get(related.Type).DefaultProjections)
        {
            leaf.Add(name);
        }

        if (property.Type == "mapped_array")
        {
            leaf.Add("key");
            leaf.Add("value");
        }

        return leaf;
    }

    private JsonNode? EncodeScalar(StoredEntity entity, string name)
    {
        var value = Scalar(entity, name);
        var property = PropertyOf(entity.Type, name);
        if (value is JsonValue v && v.TryGetValue<string>(out var text) && property?.Format is "date-time" or "date")
        {
            return new JsonObject { ["__type__"] = property.Format == "date" ? "date" : "datetime", ["value"] = text };
        }

        return value;
    }

    private FtrackSchemaProperty? PropertyOf(string type, string name) =>
        Model.Find(type)?.Properties.GetValueOrDefault(name);
}
