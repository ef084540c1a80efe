using System.Text.Json;
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

    private void ApplyDefaults(string type, Dictionary<string, JsonNode?> values, OperationContext context)
    {
        var schema = Model.Get(type);
        foreach (var property in schema.Properties.Values)
        {
            if (property.Default is not null && property.IsScalar && !values.ContainsKey(property.Name))
            {
                values[property.Name] = property.Default is JsonValue d && d.TryGetValue<string>(out var s) && s == "{uid}"
                    ? Guid.NewGuid().ToString()
                    : property.Default.DeepClone();
            }
        }

        void Fill(string name, JsonNode? value)
        {
            if (schema.Properties.ContainsKey(name) && values.GetValueOrDefault(name) is null)
            {
                values[name] = value;
            }
        }

        var now = Now();
        Fill("created_at", now);
        Fill("created_by_id", context.UserId);
        if (Model.IsTypedContext(type))
        {
            Fill("object_type_id", Model.ObjectTypeOf(type));
            Fill("context_type", "task");
            Fill("bid", 0);
            Fill("sort", 0);
            Fill("description", "");
            var parent = FindById("Context", FtrackValue.ReadString(values.GetValueOrDefault("parent_id")));
            values["project_id"] = parent?.Type == "Project" ? parent.Id : parent?.Str("project_id") ?? FtrackValue.ReadString(values.GetValueOrDefault("project_id"));
            Fill("priority_id", All("Priority").OrderBy(p => FtrackValue.ReadInt64(p.Get("sort")) ?? 0).FirstOrDefault()?.Id);
            if (values.GetValueOrDefault("status_id") is null && IsStatusable(FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"))))
            {
                values["status_id"] = DefaultContextStatus(values);
            }
        }

        switch (type)
        {
            case "Project":
                Fill("context_type", "show");
                Fill("status", "active");
                Fill("project_schema_id", All("ProjectSchema").OrderBy(p => p.Sequence).FirstOrDefault()?.Id);
                break;
            case "FileComponent":
                Fill("system_type", "file");
                break;
            case "SequenceComponent":
                Fill("system_type", "sequence");
                break;
            case "ContainerComponent":
                Fill("system_type", "container");
                break;
            case "AssetVersion":
                if (values.GetValueOrDefault("version") is null)
                {
                    var asset = FtrackValue.ReadString(values.GetValueOrDefault("asset_id"));
                    values["version"] = (All("AssetVersion").Where(v => v.Str("asset_id") == asset).Max(v => FtrackValue.ReadInt64(v.Get("version"))) ?? 0) + 1;
                }

                Fill("date", now);
                Fill("user_id", context.UserId);
                Fill("status_id", DefaultVersionStatus(values));
                break;
            case "User":
                Fill("is_otp_enabled", false);
                Fill("is_totp_enabled", false);
                Fill("require_details_update", false);
                Fill("is_active", false);
                Fill("user_type_id", FtrackSeed.DefaultUserTypeId);
                break;
            case "Job":
                Fill("user_id", context.UserId);
                break;
            case "Note":
                Fill("date", now);
                Fill("thread_activity", now);
                Fill("user_id", context.UserId);
                break;
            case "TypedContextList" or "AssetVersionList":
                Fill("date", now);
                Fill("user_id", context.UserId);
                Fill("category_id", All("ListCategory").OrderBy(c => c.Sequence).FirstOrDefault()?.Id);
                break;
            case "CustomAttributeConfiguration":
                Fill("config", "{}");
                Fill("label", FtrackValue.ReadString(values.GetValueOrDefault("key")));
                break;
        }

        foreach (var (name, value) in values.ToList())
        {
            if (value is not null && schema.Properties.GetValueOrDefault(name) is { Format: "date-time" or "date" })
            {
                values[name] = NormalizeDateTime(value);
            }
        }
    }

    private bool IsStatusable(string? objectTypeId) =>
        FindById("ObjectType", objectTypeId) is not { } objectType || FtrackValue.ReadBoolean(objectType.Get("is_statusable")) != false;

    private bool IsTypeable(string? objectTypeId) =>
        FindById("ObjectType", objectTypeId) is { } objectType && FtrackValue.ReadBoolean(objectType.Get("is_typeable")) == true;

    private string? DefaultContextStatus(Dictionary<string, JsonNode?> values)
    {
        var objectTypeId = FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"));
        var project = FindById("Project", FtrackValue.ReadString(values.GetValueOrDefault("project_id")));
        var projectSchema = FindById("ProjectSchema", project?.Str("project_schema_id"));
        if (projectSchema is not null)
        {
            if (objectTypeId == FtrackObjectTypeIds.Task)
            {
                var typeId = FtrackValue.ReadString(values.GetValueOrDefault("type_id"));
                var workflow = All("ProjectSchemaOverride").FirstOrDefault(o => o.Str("project_schema_id") == projectSchema.Id && o.Str("type_id") == typeId)?.Str("workflow_schema_id")
                    ?? projectSchema.Str("task_workflow_schema_id");
                if (FirstWorkflowStatus(workflow) is { } status)
                {
                    return status;
                }
            }
            else
            {
                var schema = All("Schema").FirstOrDefault(s => s.Str("project_schema_id") == projectSchema.Id && s.Str("object_type_id") == objectTypeId);
                var first = All("SchemaStatus").Where(s => s.Str("schema_id") == schema?.Id && schema is not null)
                    .OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).FirstOrDefault();
                if (first?.Str("status_id") is { } status)
                {
                    return status;
                }
            }
        }

        return All("Status").OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).ThenBy(s => s.Sequence).FirstOrDefault()?.Id;
    }

    private string? DefaultVersionStatus(Dictionary<string, JsonNode?> values)
    {
        var asset = FindById("Asset", FtrackValue.ReadString(values.GetValueOrDefault("asset_id")));
        var project = asset is null ? null : ProjectOf(asset);
        var projectSchema = FindById("ProjectSchema", project?.Str("project_schema_id"));
        return FirstWorkflowStatus(projectSchema?.Str("asset_version_workflow_schema_id"))
            ?? All("Status").OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).ThenBy(s => s.Sequence).FirstOrDefault()?.Id;
    }

    private string? FirstWorkflowStatus(string? workflowId) =>
        workflowId is null
            ? null
            : All("WorkflowSchemaStatus").Where(w => w.Str("workflow_schema_id") == workflowId)
                .Select(w => FindById("Status", w.Str("status_id")))
                .OfType<StoredEntity>()
                .OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0)
                .ThenBy(s => s.Sequence)
                .FirstOrDefault()?.Id;

    private void CheckRequired(string type, FtrackSchema schema, Dictionary<string, JsonNode?> values)
    {
        var objectTypeId = FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"));
        var missing = schema.Required
            .Where(name => schema.Properties.TryGetValue(name, out var p) && p.IsScalar && values.GetValueOrDefault(name) is null)
            .Where(name => !(Model.IsTypedContext(type) && name == "type_id" && !IsTypeable(objectTypeId)))
            .Where(name => !(Model.IsTypedContext(type) && name == "status_id" && !IsStatusable(objectTypeId)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new EmulatorError("ValidationError", $"Missing required attribute(s) for {type}: {string.Join(", ", missing)}.");
        }
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
