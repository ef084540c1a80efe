using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>Who applies the operations, and where their changes are recorded (null while seeding: no events).</summary>
internal sealed record OperationContext(string? UserId, FtrackChangeSet? Changes);

/// <summary>create / update / delete with the server's defaults and rules (ftrack-protocol.md §1.5, §1.6, §6 item 5).</summary>
internal sealed partial class FtrackStore
{
    /// <summary>Rows owned by another row through this attribute: removed with their owner.</summary>
    private static readonly (string Type, string Attribute)[] OwnedBy =
    [
        ("Context", "parent_id"), ("Asset", "context_id"), ("AssetVersion", "asset_id"), ("Component", "version_id"),
        ("ComponentLocation", "component_id"), ("Note", "parent_id"), ("Note", "in_reply_to_id"), ("Metadata", "parent_id"),
        ("Appointment", "context_id"), ("Appointment", "resource_id"), ("TypedContextLink", "from_id"), ("TypedContextLink", "to_id"),
        ("CustomAttributeValue", "entity_id"), ("CustomAttributeValue", "configuration_id"), ("ListObject", "list_id"),
        ("ListObject", "entity_id"), ("UserSecurityRole", "user_id"), ("UserSecurityRoleProject", "user_security_role_id"),
        ("UserSecurityRoleProject", "project_id"), ("Recipient", "note_id"), ("NoteLabelLink", "note_id"), ("NoteComponent", "note_id"),
        ("JobComponent", "job_id"), ("Timelog", "context_id"), ("WorkflowSchemaStatus", "workflow_schema_id"),
        ("TaskTypeSchemaType", "task_type_schema_id"), ("SchemaStatus", "schema_id"), ("SchemaType", "schema_id"),
    ];

    /// <summary>Applies a create; the reply is encoded by the returned function once the whole batch is applied.</summary>
    public Func<JsonObject> Create(JsonObject operation, OperationContext context)
    {
        var type = RequiredString(operation, "entity_type");
        var data = operation["entity_data"] as JsonObject ?? [];
        var schema = Model.Get(type);
        if (FtrackTypeModel.Family(type) == "CustomAttributeValue")
        {
            if (type != "CustomAttributeValue")
            {
                throw new EmulatorError("ValidationError", $"{type} cannot be created; update it instead (the server stores it on first update).");
            }

            var configurationId = FtrackValue.ReadString(data["configuration_id"]) ?? throw new EmulatorError("ValidationError", "CustomAttributeValue needs configuration_id.");
            var entityId = FtrackValue.ReadString(data["entity_id"]) ?? throw new EmulatorError("ValidationError", "CustomAttributeValue needs entity_id.");
            if (Find("CustomAttributeValue", KeyString([configurationId, entityId])) is not null)
            {
                throw new EmulatorError("DuplicateEntryError", $"Duplicate entry: a custom attribute value for configuration {configurationId} and entity {entityId} exists already.");
            }

            var stored = SetCustomAttributeValue(configurationId, entityId, data["value"], context);
            return () => new JsonObject { ["action"] = "create", ["data"] = EncodeValueRow(type, stored) };
        }

        var concrete = ConcreteTypeForCreate(type, data);
        schema = Model.Get(concrete);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var memberships = new List<(FtrackSchemaProperty, JsonArray)>();
        foreach (var (name, value) in data)
        {
            if (name != "__entity_type__")
            {
                SetAttribute(concrete, values, name, value, creating: true, memberships);
            }
        }

        ApplyDefaults(concrete, values, context);
        CheckRequired(concrete, schema, values);
        var entity = Insert(concrete, values);
        foreach (var (property, members) in memberships)
        {
            SetMembership(entity, property, members, context);
        }

        context.Changes?.RecordAdd(this, entity);
        // The stored values (server defaults included) plus every attribute sent, under the name sent (a relation as a relation).
        var sent = data.Select(p => p.Key).Where(name => name != "__entity_type__");
        return () => new JsonObject { ["action"] = "create", ["data"] = EncodeWritten(entity, [.. entity.Values.Where(p => p.Value is not null).Select(p => p.Key), .. sent], created: true) };
    }

    /// <summary>Applies an update; the reply is encoded by the returned function once the whole batch is applied.</summary>
    public Func<JsonObject> Update(JsonObject operation, OperationContext context)
    {
        var type = RequiredString(operation, "entity_type");
        var key = EntityKey(operation);
        var data = operation["entity_data"] as JsonObject ?? [];
        Model.Get(type);
        if (FtrackTypeModel.Family(type) == "CustomAttributeValue")
        {
            if (key.Count != 2)
            {
                throw new EmulatorError("ValidationError", $"{type} is keyed by [configuration_id, entity_id].");
            }

            if (type == "CustomAttributeValue" && Find(type, KeyString(key)) is null)
            {
                throw new EmulatorError("NotFoundError", $"No CustomAttributeValue for configuration {key[0]} and entity {key[1]}.", 404);
            }

            foreach (var (name, _) in data)
            {
                if (name is not ("__entity_type__" or "value" or "configuration_id" or "entity_id" or "key"))
                {
                    throw new EmulatorError("ValidationError", $"{type} has no settable attribute \"{name}\".");
                }
            }

            var stored = SetCustomAttributeValue(key[0]!, key[1]!, data["value"], context);
            return () => new JsonObject { ["action"] = "update", ["data"] = EncodeValueRow(type, stored) };
        }

        var entity = Find(type, KeyString(key)) ?? throw new EmulatorError("NotFoundError", $"No {type} with key ({string.Join(",", key)}).", 404);
        Touch(entity);
        var before = entity.Values.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        var memberships = new List<(FtrackSchemaProperty, JsonArray)>();
        var written = new List<string>();
        foreach (var (name, value) in data)
        {
            if (name == "__entity_type__")
            {
                continue;
            }

            SetAttribute(entity.Type, entity.Values, name, value, creating: false, memberships);
            written.Add(name);
        }

        if (Model.IsTypedContext(entity.Type) && !JsonEquals(before.GetValueOrDefault("parent_id"), entity.Get("parent_id")))
        {
            var parent = FindById("Context", entity.Str("parent_id"));
            entity.Values["project_id"] = parent?.Type == "Project" ? parent.Id : parent?.Str("project_id");
        }

        if (context.Changes is { } changes)
        {
            foreach (var property in EventColumns(entity.Type))
            {
                var old = before.GetValueOrDefault(property.Name);
                var now = entity.Get(property.Name);
                if (!JsonEquals(old, now))
                {
                    changes.RecordUpdate(entity, property.LegacyName, old?.DeepClone(), now?.DeepClone(), isMove: property.Name == "parent_id");
                }
            }
        }

        foreach (var (property, members) in memberships)
        {
            SetMembership(entity, property, members, context);
        }

        return () => new JsonObject { ["action"] = "update", ["data"] = EncodeWritten(entity, written, created: false) };
    }

    public JsonObject Delete(JsonObject operation, OperationContext context)
    {
        var type = RequiredString(operation, "entity_type");
        var key = EntityKey(operation);
        Model.Get(type);
        if (FtrackTypeModel.Family(type) == "CustomAttributeValue")
        {
            var row = key.Count == 2 ? Find("CustomAttributeValue", KeyString(key)) : null;
            if (row is null)
            {
                throw new EmulatorError("NotFoundError", $"No {type} for key ({string.Join(",", key)}).", 404);
            }

            RecordCustomAttributeChange(row.Str("configuration_id")!, row.Str("entity_id")!, row.Get("value"), null, context);
            Remove(row);
            return new JsonObject { ["action"] = "delete", ["data"] = true };
        }

        var entity = Find(type, KeyString(key)) ?? throw new EmulatorError("NotFoundError", $"No {type} with key ({string.Join(",", key)}).", 404);
        var doomed = new List<StoredEntity> { entity };
        var seen = new HashSet<StoredEntity>(ReferenceEqualityComparer.Instance) { entity };
        for (var i = 0; i < doomed.Count; i++)
        {
            // Rows with a composite key (custom attribute values) own nothing; cascading from their configuration id
            // would take every value of that attribute with them.
            var id = doomed[i].Id;
            if (id is null)
            {
                continue;
            }

            foreach (var (ownedType, attribute) in OwnedBy)
            {
                foreach (var owned in All(ownedType).Where(e => e.Str(attribute) == id).OrderBy(e => e.Sequence).ToList())
                {
                    if (seen.Add(owned))
                    {
                        doomed.Add(owned);
                    }
                }
            }
        }

        foreach (var removed in doomed)
        {
            if (FtrackTypeModel.Family(removed.Type) is not ("CustomAttributeValue" or "Metadata"))
            {
                context.Changes?.RecordRemove(this, removed);
            }
        }

        foreach (var removed in doomed)
        {
            Remove(removed);
        }

        return new JsonObject { ["action"] = "delete", ["data"] = true };
    }

    private string ConcreteTypeForCreate(string type, JsonObject data)
    {
        switch (type)
        {
            case "Context" or "Component" or "Resource" or "CustomConfigurationBase":
                throw new EmulatorError("ValidationError", $"{type} is abstract; create one of its concrete types.");
            case "TypedContext":
                return Model.ContextTypeFor(FtrackValue.ReadString(data["object_type_id"])
                    ?? throw new EmulatorError("ValidationError", "Creating a TypedContext needs object_type_id."));
            case "List":
                return Model.ListTypeFor(FtrackValue.ReadString(data["system_type"]) ?? "task");
        }

        if (Model.ObjectTypeOf(type) is { } objectType && FtrackValue.ReadString(data["object_type_id"]) is { } given && given != objectType)
        {
            throw new EmulatorError("ValidationError", $"{type} has object_type_id {objectType}, not {given}.");
        }

        return type;
    }

    /// <summary>
    /// The reply data of a create/update: key, system projections and the written attributes under the names they were
    /// sent (ftrack-protocol.md §1.5: a relation sent as <c>status</c> comes back as the <c>status</c> reference, not as
    /// <c>status_id</c>, so a client merging the reply by name sees the new value), encoded after the whole batch (a
    /// created component carries the locations created with it, as the real server's reply does).
    /// </summary>
    private JsonObject EncodeWritten(StoredEntity entity, IEnumerable<string> attributes, bool created)
    {
        var schema = Model.Get(entity.Type);
        var projection = new Projection();
        foreach (var name in attributes.Distinct(StringComparer.Ordinal))
        {
            if (schema.Properties.TryGetValue(name, out var property) && (property.IsScalar || property.IsReference || property.IsCollection)
                && name is not ("custom_attributes" or "metadata"))
            {
                projection.Add(name);
            }
        }

        if (created && FtrackTypeModel.Family(entity.Type) == "Component")
        {
            projection.Add("component_locations.resource_identifier");
            projection.Add("component_locations.component_id");
            projection.Add("component_locations.component");
        }

        var encoded = Encode([(entity, projection)], denormalize: false);
        var data = encoded[0]!.AsObject();
        encoded.RemoveAt(0);
        return data;
    }

    private JsonObject EncodeValueRow(string type, StoredEntity stored)
    {
        var configuration = FindById("CustomAttributeConfiguration", stored.Str("configuration_id"));
        var json = new JsonObject
        {
            ["__entity_type__"] = type,
            ["configuration_id"] = stored.Str("configuration_id"),
            ["entity_id"] = stored.Str("entity_id"),
            ["value"] = stored.Get("value")?.DeepClone(),
        };
        if (type != "CustomAttributeValue")
        {
            json["key"] = configuration?.Str("key");
        }

        return json;
    }

    /// <summary>The columns reported in events (scalar, stored, not computed).</summary>
    public IEnumerable<FtrackSchemaProperty> EventColumns(string type)
    {
        var schema = Model.Get(type);
        return schema.Properties.Values.Where(p => p.IsScalar && p.Type != "object" && !schema.Computed.Contains(p.Name) && p.Name is not ("link" or "_link"));
    }

    private static string RequiredString(JsonObject operation, string name) =>
        FtrackValue.ReadString(operation[name]) is { Length: > 0 } value
            ? value
            : throw new EmulatorError("ValidationError", $"The operation has no \"{name}\".");

    private static List<string?> EntityKey(JsonObject operation) => operation["entity_key"] switch
    {
        JsonArray array when array.Count > 0 => [.. array.Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString())],
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        _ => throw new EmulatorError("ValidationError", "The operation has no \"entity_key\"."),
    };
}
