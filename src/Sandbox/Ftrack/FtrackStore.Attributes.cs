using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// The writer's attribute rules: a value checked against the schema (scalars, references, memberships) and stored, the
/// change recorded for the event; custom attribute values checked against their configuration (ftrack-protocol.md §1.5).
/// </summary>
internal sealed partial class FtrackStore
{
    /// <summary>Stores (or replaces) a custom attribute value after checking its type against the configuration.</summary>
    public StoredEntity SetCustomAttributeValue(string configurationId, string entityId, JsonNode? value, OperationContext context)
    {
        var configuration = FindById("CustomAttributeConfiguration", configurationId)
            ?? throw new EmulatorError("ValidationError", $"No custom attribute configuration {configurationId}.");
        if (FindAnyById(entityId) is null)
        {
            throw new EmulatorError("ValidationError", $"No entity {entityId} to hold custom attribute \"{configuration.Str("key")}\".");
        }

        var typed = ValidateCustomAttributeValue(configuration, value);
        var existing = Find("CustomAttributeValue", KeyString([configurationId, entityId]));
        var old = existing?.Get("value")?.DeepClone();
        if (existing is null)
        {
            existing = Insert("CustomAttributeValue", new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
            {
                ["configuration_id"] = configurationId,
                ["entity_id"] = entityId,
                ["value"] = typed,
            });
        }
        else
        {
            Touch(existing);
            existing.Values["value"] = typed;
        }

        RecordCustomAttributeChange(configurationId, entityId, old, typed, context);
        return existing;
    }

    private void RecordCustomAttributeChange(string configurationId, string entityId, JsonNode? old, JsonNode? now, OperationContext context)
    {
        if (context.Changes is null || JsonEquals(old, now))
        {
            return;
        }

        var configuration = FindById("CustomAttributeConfiguration", configurationId);
        var owner = FindAnyById(entityId);
        if (configuration?.Str("key") is { } key && owner is not null)
        {
            context.Changes.RecordUpdate(owner, key, CustomAttributeEventValue(old), CustomAttributeEventValue(now), isMove: false);
        }
    }

    /// <summary>Custom attribute values travel as strings in events (ftrack-protocol.md §4.3).</summary>
    public static JsonNode? CustomAttributeEventValue(JsonNode? value) => value switch
    {
        null => null,
        JsonArray array => string.Join(", ", array.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : i?.ToJsonString())),
        JsonObject o when o["value"] is JsonValue inner => inner.ToString(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "1",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "0",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    private JsonNode? ValidateCustomAttributeValue(StoredEntity configuration, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var key = configuration.Str("key");
        var typeName = FindById("CustomAttributeType", configuration.Str("type_id"))?.Str("name") ?? "text";
        bool ok = typeName switch
        {
            "number" => Kind(value) == JsonValueKind.Number,
            "text" or "expression" => Kind(value) == JsonValueKind.String,
            "boolean" => Kind(value) is JsonValueKind.True or JsonValueKind.False,
            "enumerator" or "dynamic enumerator" => value is JsonArray a && a.All(i => Kind(i) == JsonValueKind.String) || Kind(value) == JsonValueKind.String,
            "date" => value is JsonObject { } d && d["__type__"] is not null || Kind(value) == JsonValueKind.String,
            _ => true,
        };
        if (!ok)
        {
            throw new EmulatorError("ValidationError", $"Custom attribute value for \"{key}\" must be of type {typeName}.");
        }

        if (typeName == "date")
        {
            return new JsonObject { ["__type__"] = "datetime", ["value"] = NormalizeDateTime(value) };
        }

        return typeName is "enumerator" or "dynamic enumerator" && Kind(value) == JsonValueKind.String
            ? new JsonArray(JsonValue.Create(value.GetValue<string>()))
            : value.DeepClone();
    }

    private void SetAttribute(string type, Dictionary<string, JsonNode?> values, string name, JsonNode? value, bool creating, List<(FtrackSchemaProperty, JsonArray)> memberships)
    {
        var schema = Model.Get(type);
        var property = Model.Property(type, name);
        if (property.RestrictedProjection || schema.Computed.Contains(name) || name is "link" or "_link")
        {
            throw new EmulatorError("ValidationError", $"{type}.{name} is computed by the server and cannot be set.");
        }

        if (!creating && schema.Immutable.Contains(name))
        {
            throw new EmulatorError("ValidationError", $"{type}.{name} is immutable.", 400);
        }

        if (property.IsScalar)
        {
            var scalar = ValidateScalar(type, property, value);
            if (scalar is JsonValue v && v.TryGetValue<string>(out var id) && !schema.PrimaryKey.Contains(name)
                && property.ForeignKeyTarget is { } target && Model.Find(target) is not null
                && FindById(target, id) is null && FindAnyById(id) is null)
            {
                throw new EmulatorError("ValidationError", $"{type}.{name}: there is no {target} with id {id}.");
            }

            values[name] = scalar;
            return;
        }

        if (property.IsReference)
        {
            var key = Model.ReferenceKey(type, property);
            if (!creating && schema.Immutable.Contains(key))
            {
                throw new EmulatorError("ValidationError", $"{type}.{key} is immutable.");
            }

            if (value is null)
            {
                values[key] = null;
                return;
            }

            var id = value is JsonObject reference ? FtrackValue.ReadString(reference["id"]) : null;
            if (id is null)
            {
                throw new EmulatorError("ValidationError", $"{type}.{name} expects an entity reference {{\"__entity_type__\", \"id\"}}.");
            }

            if (FindById(property.Ref ?? "", id) is null && FindAnyById(id) is null)
            {
                throw new EmulatorError("ValidationError", $"{type}.{name}: there is no {property.Ref} with id {id}.");
            }

            values[key] = id;
            return;
        }

        if (name == "metadata")
        {
            return;
        }

        if (name == "custom_attributes")
        {
            throw new EmulatorError("ValidationError", $"{type}.custom_attributes is written through {CustomAttributeValueType(null)} updates.");
        }

        memberships.Add((property, value as JsonArray ?? throw new EmulatorError("ValidationError", $"{type}.{name} expects a list of entity references.")));
    }

    private static JsonNode? ValidateScalar(string type, FtrackSchemaProperty property, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var kind = Kind(value);
        if (property.Format is "date-time" or "date")
        {
            return NormalizeDateTime(value);
        }

        var ok = property.Type switch
        {
            "string" or null => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && FtrackValue.ReadInt64(value) is not null,
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "variable" => true,
            _ => false,
        };
        return ok
            ? value.DeepClone()
            : throw new EmulatorError("ValidationError", $"Value for \"{type}.{property.Name}\" must be of type {property.Type ?? "string"}.");
    }

    private void SetMembership(StoredEntity owner, FtrackSchemaProperty property, JsonArray members, OperationContext context)
    {
        var ids = members.Select(m => m is JsonObject r ? FtrackValue.ReadString(r["id"]) : null).ToList();
        if (ids.Any(id => id is null))
        {
            throw new EmulatorError("ValidationError", $"{owner.Type}.{property.Name} expects a list of entity references with ids.");
        }

        switch (Model.Collection(owner.Type, property))
        {
            case ReverseForeignKey reverse:
                var wanted = ids.ToHashSet(StringComparer.Ordinal);
                foreach (var current in Members(owner, property).Where(m => !wanted.Contains(m.Id ?? "")).ToList())
                {
                    Touch(current);
                    var old = current.Get(reverse.ForeignKey)?.DeepClone();
                    current.Values[reverse.ForeignKey] = null;
                    RecordColumn(current, reverse.ForeignKey, old, null, context);
                }

                foreach (var id in wanted)
                {
                    var member = FindById(reverse.TargetType, id) ?? throw new EmulatorError("ValidationError", $"There is no {reverse.TargetType} with id {id}.");
                    if (member.Str(reverse.ForeignKey) == owner.Id)
                    {
                        continue;
                    }

                    Touch(member);
                    var old = member.Get(reverse.ForeignKey)?.DeepClone();
                    member.Values[reverse.ForeignKey] = owner.Id;
                    RecordColumn(member, reverse.ForeignKey, old, owner.Id, context);
                }

                break;
            case LinkTable link:
                var keep = ids.ToHashSet(StringComparer.Ordinal);
                foreach (var row in All(link.LinkType).Where(r => r.Str(link.OwnerKey) == owner.Id).ToList())
                {
                    if (!keep.Remove(row.Str(link.TargetKey) ?? ""))
                    {
                        context.Changes?.RecordRemove(this, row);
                        Remove(row);
                    }
                }

                foreach (var id in keep)
                {
                    var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { [link.OwnerKey] = owner.Id, [link.TargetKey] = id };
                    if (Model.Get(link.LinkType).PrimaryKey.Contains("id"))
                    {
                        values["id"] = Guid.NewGuid().ToString();
                    }

                    var row = Insert(link.LinkType, values);
                    context.Changes?.RecordAdd(this, row);
                }

                break;
            case HiddenLinkList list:
                var linked = new JsonArray();
                foreach (var id in ids.Distinct(StringComparer.Ordinal))
                {
                    _ = FindById(list.TargetType, id) ?? throw new EmulatorError("ValidationError", $"{owner.Type}.{property.Name}: there is no {list.TargetType} with id {id}.");
                    linked.Add(id);
                }

                Touch(owner);
                owner.Values[list.Column] = linked;
                break;
            default:
                throw new EmulatorError("ValidationError", $"{owner.Type}.{property.Name} cannot be set.");
        }
    }

    private void RecordColumn(StoredEntity entity, string attribute, JsonNode? old, JsonNode? now, OperationContext context)
    {
        if (context.Changes is null || FtrackTypeModel.Family(entity.Type) is "CustomAttributeValue" or "Metadata")
        {
            return;
        }

        var property = Model.Find(entity.Type)?.Properties.GetValueOrDefault(attribute);
        context.Changes.RecordUpdate(entity, property?.LegacyName ?? attribute, old, now, isMove: attribute == "parent_id");
    }
}
