using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>How a collection attribute finds its members.</summary>
internal abstract record CollectionSpec(string TargetType);

/// <summary>Members are the <paramref name="TargetType"/> rows whose <paramref name="ForeignKey"/> is the owner's id.</summary>
internal sealed record ReverseForeignKey(string TargetType, string ForeignKey, string? FilterAttribute = null, string? FilterValue = null) : CollectionSpec(TargetType);

/// <summary>Members are reached through rows of a link table (<paramref name="LinkType"/>).</summary>
internal sealed record LinkTable(string TargetType, string LinkType, string OwnerKey, string TargetKey) : CollectionSpec(TargetType);

/// <summary>Members are computed by the store (ancestors, descendants, custom attributes).</summary>
internal sealed record ComputedCollection(string TargetType, string Name) : CollectionSpec(TargetType);

/// <summary>
/// Members are the <paramref name="TargetType"/> rows whose ids the owner keeps, in order, in the hidden column
/// <paramref name="Column"/> (a JSON array): for link tables the schema does not expose as an entity type, such as the
/// read and write roles of a custom attribute configuration. The column is named after the attribute's legacy name and
/// is never projected (only schema attributes are).
/// </summary>
internal sealed record HiddenLinkList(string TargetType, string Column) : CollectionSpec(TargetType);

/// <summary>
/// The entity types of the emulator, derived from the real <c>query_schemas</c> capture (ftrack-protocol.md §1.7):
/// polymorphism (Context, TypedContext and its classified subtypes, Component, List, Resource), how references
/// and collections map to foreign keys, legacy names for events.
/// </summary>
internal sealed class FtrackTypeModel
{
    private static readonly Dictionary<(string Type, string Name), string> ReferenceOverrides = new()
    {
        [("Asset", "parent")] = "context_id",
        [("Status", "state")] = "state_id",
        [("SchemaStatus", "task_status")] = "status_id",
        [("Asset", "latest_version")] = "",
    };

    private readonly Dictionary<string, FtrackSchema> _schemas;
    private readonly Dictionary<string, string> _contextSubtypeByObjectType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _listSubtypeBySystemType = new(StringComparer.OrdinalIgnoreCase);

    public FtrackTypeModel(byte[] schemaJson)
    {
        SchemaJson = schemaJson;
        var document = JsonNode.Parse(schemaJson);
#pragma warning disable CA5351 // ftrack's schema_hash is an MD5 by protocol (ftrack-protocol.md §1.5); no security use.
        SchemaHash = Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(PythonJson.Dumps(document, sortKeys: true))));
#pragma warning restore CA5351
        var set = FtrackSchemaSet.Parse(document);
        _schemas = set.All.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var schema in set.All)
        {
            if (schema.ClassifiedAs == "Task" && schema.Classifiers.TryGetValue("object_typeid", out var objectType))
            {
                _contextSubtypeByObjectType[objectType] = schema.Id;
            }
            else if (schema.ClassifiedAs == "List" && schema.Classifiers.TryGetValue("entity", out var systemType))
            {
                _listSubtypeBySystemType[systemType] = schema.Id;
            }
        }
    }

    /// <summary>The schema document exactly as served.</summary>
    public byte[] SchemaJson { get; }

    /// <summary>
    /// The <c>schema_hash</c> of <c>query_server_information</c>: the MD5 of the schemas written as Python's
    /// <c>json.dumps(schemas, sort_keys=True)</c>, which is how ftrack-python hashes its schema cache to compare it with
    /// this value (and what the real server reports: the captured reply for these schemas says <c>23a1157b…</c>).
    /// </summary>
    public string SchemaHash { get; }

    public static FtrackTypeModel LoadEmbedded()
    {
        using var stream = typeof(FtrackTypeModel).Assembly.GetManifestResourceStream("AyonFtrack.Sandbox.Ftrack.query_schemas.json")
            ?? throw new InvalidOperationException("The ftrack schema capture is not embedded in AyonFtrack.Sandbox.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new FtrackTypeModel(copy.ToArray());
    }

    public FtrackSchema? Find(string type) => _schemas.GetValueOrDefault(type);

    public FtrackSchema Get(string type) => Find(type) ?? throw new EmulatorError("ValidationError", $"Unknown entity type \"{type}\".");

    /// <summary>The storage table: entities of one table share their primary key space.</summary>
    public static string Family(string type) => type switch
    {
        "Context" or "Project" or "TypedContext" => "Context",
        "Component" or "FileComponent" or "SequenceComponent" or "ContainerComponent" => "Component",
        "List" or "TypedContextList" or "AssetVersionList" => "List",
        "Resource" or "User" or "Group" => "Resource",
        "CustomConfigurationBase" or "CustomAttributeConfiguration" or "CustomAttributeLinkConfiguration" => "CustomConfigurationBase",
        _ when type.EndsWith("CustomAttributeValue", StringComparison.Ordinal) => "CustomAttributeValue",
        _ => type,
    };

    public string FamilyOf(string type) => IsContextSubtype(type) ? "Context" : Family(type);

    public bool IsContextSubtype(string type) => _schemas.TryGetValue(type, out var s) && s.ClassifiedAs == "Task";

    public bool IsTypedContext(string type) => type == "TypedContext" || IsContextSubtype(type);

    /// <summary>Whether an entity stored as <paramref name="concrete"/> answers a query on <paramref name="queried"/>.</summary>
    public bool IsA(string concrete, string queried)
    {
        if (concrete == queried)
        {
            return true;
        }

        return queried switch
        {
            "Context" => concrete == "Project" || IsTypedContext(concrete),
            "TypedContext" => IsTypedContext(concrete),
            "Component" => concrete is "FileComponent" or "SequenceComponent" or "ContainerComponent",
            "List" => concrete is "TypedContextList" or "AssetVersionList",
            "Resource" => concrete is "User" or "Group",
            "CustomConfigurationBase" => concrete is "CustomAttributeConfiguration" or "CustomAttributeLinkConfiguration",
            _ => false,
        };
    }

    /// <summary>The concrete TypedContext type for an object type id (a custom object type stays <c>TypedContext</c>).</summary>
    public string ContextTypeFor(string? objectTypeId) =>
        objectTypeId is not null && _contextSubtypeByObjectType.TryGetValue(objectTypeId, out var type) ? type : "TypedContext";

    /// <summary>The object type id a classified context type implies, or null.</summary>
    public string? ObjectTypeOf(string type) =>
        _schemas.TryGetValue(type, out var s) && s.ClassifiedAs == "Task" ? s.Classifiers.GetValueOrDefault("object_typeid") : null;

    public string ListTypeFor(string? systemType) =>
        systemType is not null && _listSubtypeBySystemType.TryGetValue(systemType, out var type) ? type : "TypedContextList";

    /// <summary>The legacy name of a type in events (<c>entityType</c>): <c>show</c>, <c>task</c>, <c>assetversion</c>, ...</summary>
    public string LegacyName(string type)
    {
        if (IsTypedContext(type))
        {
            return "task";
        }

        if (Family(type) == "List")
        {
            return "list";
        }

        if (Family(type) == "Component")
        {
            return "component";
        }

        var schema = Find(type);
        return (schema?.LegacyTable ?? schema?.ClassifiedAs ?? type).ToLowerInvariant();
    }

    /// <summary>The API attribute a system projection (legacy name) stands for, or null.</summary>
    public static string? ApiNameOf(FtrackSchema schema, string legacyOrApiName)
    {
        if (schema.Properties.ContainsKey(legacyOrApiName))
        {
            return legacyOrApiName;
        }

        return schema.Properties.Values.FirstOrDefault(p => p.AliasFor == legacyOrApiName && p.IsScalar)?.Name;
    }

    /// <summary>Attributes every encoded entity carries: primary key, system projections, classifier.</summary>
    public IReadOnlyList<string> AlwaysEncoded(string type)
    {
        var schema = Get(type);
        var names = new List<string>(schema.PrimaryKey);
        foreach (var projection in schema.SystemProjections)
        {
            if (ApiNameOf(schema, projection) is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        foreach (var classifier in schema.Classifiers.Keys)
        {
            if (ApiNameOf(schema, classifier) is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The foreign-key attribute behind a reference attribute (may be a hidden attribute such as <c>state_id</c>).</summary>
    public string ReferenceKey(string type, FtrackSchemaProperty property)
    {
        var schema = Get(type);
        foreach (var candidate in BaseTypes(type))
        {
            if (ReferenceOverrides.TryGetValue((candidate, property.Name), out var overridden))
            {
                return overridden.Length > 0 ? overridden : throw new EmulatorError("ValidationError", $"{type}.{property.Name} is computed by the server.");
            }
        }

        if (schema.Properties.ContainsKey(property.Name + "_id"))
        {
            return property.Name + "_id";
        }

        if (property.AliasFor is { } alias && schema.Properties.Values.FirstOrDefault(p => p.AliasFor == alias + "id" && p.IsScalar) is { } byAlias)
        {
            return byAlias.Name;
        }

        return property.Name + "_id";
    }

    /// <summary>How a collection attribute finds its members.</summary>
    public CollectionSpec Collection(string type, FtrackSchemaProperty property)
    {
        var target = property.Ref ?? throw new EmulatorError("ValidationError", $"{type}.{property.Name} has no item type.");
        var isUser = Family(type) == "Resource";
        switch (property.Name)
        {
            case "custom_attributes":
            case "ancestors":
            case "descendants":
            case "link":
                return new ComputedCollection(target, property.Name);
            case "children":
                return new ReverseForeignKey("Context", "parent_id");
            case "notes":
                return new ReverseForeignKey("Note", "parent_id");
            case "replies":
                return new ReverseForeignKey("Note", "in_reply_to_id");
            case "metadata":
                return new ReverseForeignKey("Metadata", "parent_id");
            case "assets" when IsA(type, "Context"):
                return new ReverseForeignKey("Asset", "context_id");
            case "appointments":
                return new ReverseForeignKey("Appointment", isUser ? "resource_id" : "context_id");
            case "assignments":
                return new ReverseForeignKey("Appointment", isUser ? "resource_id" : "context_id", "type", "assignment");
            case "allocations":
                return new ReverseForeignKey("Appointment", isUser ? "resource_id" : "context_id", "type", "allocation");
            case "incoming_links" when IsTypedContext(type):
                return new ReverseForeignKey("TypedContextLink", "to_id");
            case "outgoing_links" when IsTypedContext(type):
                return new ReverseForeignKey("TypedContextLink", "from_id");
            case "timelogs":
                return new ReverseForeignKey("Timelog", isUser ? "user_id" : "context_id");
            case "items" when Family(type) == "List":
                return new LinkTable(target, "ListObject", "list_id", "entity_id");
            case "types" when type == "TaskTypeSchema":
                return new LinkTable("Type", "TaskTypeSchemaType", "task_type_schema_id", "type_id");
            case "statuses" when type == "WorkflowSchema":
                return new LinkTable("Status", "WorkflowSchemaStatus", "workflow_schema_id", "status_id");
            case "object_types" when type == "ProjectSchema":
                return new LinkTable("ObjectType", "ProjectSchemaObjectType", "project_schema_id", "object_type_id");
            case "task_type_schemas" when type == "Type":
                return new LinkTable("TaskTypeSchema", "TaskTypeSchemaType", "type_id", "task_type_schema_id");
            case "values" when type == "CustomAttributeConfiguration":
                return new ReverseForeignKey("CustomAttributeValue", "configuration_id");
            case "read_security_roles" or "write_security_roles" when Family(type) == "CustomConfigurationBase":
                return new HiddenLinkList("SecurityRole", property.LegacyName);
        }

        // The item type's foreign key that names the owner (or one of its base types).
        if (Find(target) is { } targetSchema)
        {
            var owners = BaseTypes(type).ToHashSet(StringComparer.Ordinal);
            var keys = targetSchema.Properties.Values
                .Where(p => p.IsScalar && p.ForeignKeyTarget is { } t && owners.Contains(t))
                .Select(p => p.Name)
                .ToList();
            if (keys.Count == 1)
            {
                return new ReverseForeignKey(target, keys[0]);
            }
        }

        throw new EmulatorError("ValidationError", $"The emulator cannot resolve the collection {type}.{property.Name}.");
    }

    /// <summary>The type and its base types (Task → TypedContext → Context).</summary>
    public IEnumerable<string> BaseTypes(string type)
    {
        yield return type;
        if (IsContextSubtype(type))
        {
            yield return "TypedContext";
        }

        if (type is "TypedContext" or "Project" || IsContextSubtype(type))
        {
            yield return "Context";
        }

        switch (Family(type))
        {
            case "Component" when type != "Component":
                yield return "Component";
                break;
            case "List" when type != "List":
                yield return "List";
                break;
            case "Resource" when type != "Resource":
                yield return "Resource";
                break;
            case "CustomAttributeValue" when type != "CustomAttributeValue":
                yield return "CustomAttributeValue";
                break;
        }
    }

    /// <summary>Looks up a property on the type (on the concrete type first).</summary>
    public FtrackSchemaProperty Property(string type, string name) =>
        Get(type).Properties.TryGetValue(name, out var property)
            ? property
            : throw new EmulatorError("ValidationError", $"{type} has no attribute \"{name}\".");
}

/// <summary>An error the emulator answers with ftrack's error object (ftrack-protocol.md §1.3).</summary>
internal sealed class EmulatorError(string exceptionName, string content, int strictStatus = 400, string? errorCode = null) : Exception(content)
{
    public string ExceptionName { get; } = exceptionName;

    public int StrictStatus { get; } = strictStatus;

    public string? ErrorCode { get; } = errorCode;
}
