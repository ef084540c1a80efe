using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>Entity type names (schema ids) the slices use (ftrack-protocol.md §1.8).</summary>
public static class FtrackEntityTypes
{
    public const string Project = "Project";
    public const string Context = "Context";
    public const string TypedContext = "TypedContext";
    public const string Task = "Task";
    public const string Shot = "Shot";
    public const string Sequence = "Sequence";
    public const string Episode = "Episode";
    public const string Folder = "Folder";
    public const string AssetBuild = "AssetBuild";
    public const string Milestone = "Milestone";
    public const string Asset = "Asset";
    public const string AssetType = "AssetType";
    public const string AssetVersion = "AssetVersion";
    public const string Status = "Status";
    public const string Type = "Type";
    public const string ObjectType = "ObjectType";
    public const string Priority = "Priority";
    public const string User = "User";
    public const string UserType = "UserType";
    public const string CustomAttributeConfiguration = "CustomAttributeConfiguration";
    public const string CustomAttributeValue = "CustomAttributeValue";
    public const string ContextCustomAttributeValue = "ContextCustomAttributeValue";
    public const string Note = "Note";
    public const string List = "List";
    public const string ListObject = "ListObject";
    public const string TypedContextLink = "TypedContextLink";
    public const string Component = "Component";
    public const string FileComponent = "FileComponent";
    public const string ComponentLocation = "ComponentLocation";
    public const string Location = "Location";
    public const string Job = "Job";
    public const string Appointment = "Appointment";
    public const string Metadata = "Metadata";
}

/// <summary>Well-known ObjectType ids (ftrack-protocol.md §1.8).</summary>
public static class FtrackObjectTypeIds
{
    public const string Task = "11c137c0-ee7e-4f9c-91c5-8c77cec22b2c";
    public const string Shot = "bad911de-3bd6-47b9-8b46-3476e237cb36";
    public const string Folder = "3c133785-51cb-11e3-980a-20c9d0831e59";
    public const string Sequence = "e5139355-61da-4c8f-9db4-3abc870166bc";
    public const string Episode = "22139355-61da-4c8f-9db4-3abc870166bc";
    public const string AssetBuild = "4be63b64-5010-42fb-bf1f-428af9d638f0";
    public const string Milestone = "01decdd1-51cb-11e3-9d5b-20c9d0831e59";
}

/// <summary>Well-known Location ids (ftrack-protocol.md §1.8).</summary>
public static class FtrackLocationIds
{
    public const string Origin = "ce9b348f-8809-11e3-821c-20c9d081909b";
    public const string Unmanaged = "cb268ecc-8809-11e3-a7e2-20c9d081909b";
    public const string Review = "cd41be70-8809-11e3-b98a-20c9d081909b";
    public const string Connect = "07b82a97-8cf9-11e3-9383-20c9d081909b";
    public const string Server = "3a372bde-05bc-11e4-8908-20c9d081909b";
}

/// <summary>A Project. <c>FullName</c> is the AYON project name, <c>Name</c> the short code; <c>Status</c> is a plain string.</summary>
public sealed record FtrackProject(
    string Id, string? Name, string? FullName, string? Status, bool? IsPrivate, string? ProjectSchemaId,
    DateTimeOffset? StartDate, DateTimeOffset? EndDate, string? ThumbnailId, IReadOnlyDictionary<string, JsonNode?> CustomAttributes)
{
    public static FtrackProject From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("name"), entity.GetString("full_name"), entity.GetString("status"),
            entity.GetBoolean("is_private"), entity.GetString("project_schema_id"), entity.GetDateTime("start_date"),
            entity.GetDateTime("end_date"), entity.GetString("thumbnail_id"), entity.CustomAttributes);
    }
}

/// <summary>A TypedContext (Folder, Episode, Sequence, Shot, AssetBuild, Milestone, Task, ...); <c>EntityType</c> is the concrete type.</summary>
public sealed record FtrackTypedContext(
    string Id, string EntityType, string? Name, string? ParentId, string? ProjectId, string? ObjectTypeId, string? TypeId,
    string? StatusId, string? PriorityId, string? Description, DateTimeOffset? StartDate, DateTimeOffset? EndDate,
    string? ThumbnailId, IReadOnlyList<FtrackLinkItem> Link, IReadOnlyDictionary<string, JsonNode?> CustomAttributes)
{
    public static FtrackTypedContext From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.EntityType, entity.GetString("name"), entity.GetString("parent_id"), entity.GetString("project_id"),
            entity.GetString("object_type_id"), entity.GetString("type_id"), entity.GetString("status_id"), entity.GetString("priority_id"),
            entity.GetString("description"), entity.GetDateTime("start_date"), entity.GetDateTime("end_date"), entity.GetString("thumbnail_id"),
            entity.Link, entity.CustomAttributes);
    }
}

/// <summary>An Asset (the product under a context).</summary>
public sealed record FtrackAsset(string Id, string? Name, string? ContextId, string? TypeId)
{
    public static FtrackAsset From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("name"), entity.GetString("context_id"), entity.GetString("type_id"));
    }
}

/// <summary>An AssetVersion.</summary>
public sealed record FtrackAssetVersion(
    string Id, string? AssetId, int? Version, string? TaskId, string? StatusId, string? Comment, string? ThumbnailId,
    string? UserId, bool? IsPublished, IReadOnlyDictionary<string, JsonNode?> CustomAttributes)
{
    public static FtrackAssetVersion From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("asset_id"), entity.GetInt32("version"), entity.GetString("task_id"), entity.GetString("status_id"),
            entity.GetString("comment"), entity.GetString("thumbnail_id"), entity.GetString("user_id"), entity.GetBoolean("is_published"),
            entity.CustomAttributes);
    }
}

/// <summary>A Status; <c>StateShort</c> is e.g. <c>NOT_STARTED</c> when <c>state</c> was selected.</summary>
public sealed record FtrackStatus(string Id, string? Name, string? Color, int? Sort, bool? IsActive, string? StateName, string? StateShort)
{
    public static FtrackStatus From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var state = entity.GetEntity("state");
        return new(entity.Id, entity.GetString("name"), entity.GetString("color"), entity.GetInt32("sort"), entity.GetBoolean("is_active"),
            state?.GetString("name"), state?.GetString("short"));
    }
}

/// <summary>A task Type.</summary>
public sealed record FtrackType(string Id, string? Name, int? Sort)
{
    public static FtrackType From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("name"), entity.GetInt32("sort"));
    }
}

/// <summary>An ObjectType (Task, Shot, Folder, ...).</summary>
public sealed record FtrackObjectType(string Id, string? Name, int? Sort, bool? IsStatusable, bool? IsTypeable, bool? IsLeaf)
{
    public static FtrackObjectType From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("name"), entity.GetInt32("sort"), entity.GetBoolean("is_statusable"),
            entity.GetBoolean("is_typeable"), entity.GetBoolean("is_leaf"));
    }
}

/// <summary>A User.</summary>
public sealed record FtrackUser(string Id, string? Username, string? Email, string? FirstName, string? LastName, bool? IsActive, string? UserTypeId)
{
    public static FtrackUser From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("username"), entity.GetString("email"), entity.GetString("first_name"),
            entity.GetString("last_name"), entity.GetBoolean("is_active"), entity.GetString("user_type_id"));
    }
}

/// <summary>A CustomAttributeConfiguration; <c>Config</c> is ftrack's JSON string, <c>Default</c> the typed default.</summary>
public sealed record FtrackCustomAttributeConfiguration(
    string Id, string? Key, string? Label, string? EntityType, string? ObjectTypeId, string? ProjectId, bool? IsHierarchical,
    JsonNode? Default, string? Config, string? TypeId, string? TypeName)
{
    public static FtrackCustomAttributeConfiguration From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("key"), entity.GetString("label"), entity.GetString("entity_type"), entity.GetString("object_type_id"),
            entity.GetString("project_id"), entity.GetBoolean("is_hierarchical"), entity["default"]?.DeepClone(), entity.GetString("config"),
            entity.GetString("type_id"), entity.GetEntity("type")?.GetString("name"));
    }
}

/// <summary>A stored custom attribute value (<c>CustomAttributeValue</c> or one of the <c>...CustomAttributeValue</c> views).</summary>
public sealed record FtrackCustomAttributeValue(string ConfigurationId, string EntityId, string? Key, JsonNode? Value)
{
    public static FtrackCustomAttributeValue From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.GetString("configuration_id") ?? "", entity.GetString("entity_id") ?? "", entity.GetString("key"), entity["value"]?.DeepClone());
    }

    /// <summary>The stored values of <paramref name="configurationIds"/> on <paramref name="entityIds"/> (<c>configuration_id, entity_id, value</c>).</summary>
    public static FtrackQuery Query(IEnumerable<string> entityIds, IReadOnlyCollection<string> configurationIds) =>
        FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue)
            .Select("configuration_id", "entity_id", "value")
            .Where(FtrackFilter.In("entity_id", entityIds).And(FtrackFilter.In("configuration_id", configurationIds)));
}

/// <summary>A Note.</summary>
public sealed record FtrackNote(
    string Id, string? Content, string? UserId, string? ParentId, string? ParentType, string? InReplyToId, string? CategoryId,
    bool? IsTodo, DateTimeOffset? Date, IReadOnlyDictionary<string, string?> Metadata)
{
    public static FtrackNote From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var metadata = entity.GetEntities("metadata")
            .Where(m => m.GetString("key") is not null)
            .GroupBy(m => m.GetString("key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().GetString("value"), StringComparer.Ordinal);
        return new(entity.Id, entity.GetString("content"), entity.GetString("user_id"), entity.GetString("parent_id"), entity.GetString("parent_type"),
            entity.GetString("in_reply_to_id"), entity.GetString("category_id"), entity.GetBoolean("is_todo"), entity.GetDateTime("date"), metadata);
    }
}

/// <summary>A List (concrete <c>TypedContextList</c> or <c>AssetVersionList</c>).</summary>
public sealed record FtrackList(string Id, string EntityType, string? Name, string? ProjectId, string? CategoryId, bool? IsOpen, string? SystemType)
{
    public static FtrackList From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.EntityType, entity.GetString("name"), entity.GetString("project_id"), entity.GetString("category_id"),
            entity.GetBoolean("is_open"), entity.GetString("system_type"));
    }
}

/// <summary>A ListObject (membership of an entity in a list).</summary>
public sealed record FtrackListObject(string Id, string? ListId, string? EntityId)
{
    public static FtrackListObject From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("list_id"), entity.GetString("entity_id"));
    }
}

/// <summary>A TypedContextLink (dependency between two contexts).</summary>
public sealed record FtrackTypedContextLink(string Id, string? FromId, string? ToId)
{
    public static FtrackTypedContextLink From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("from_id"), entity.GetString("to_id"));
    }
}

/// <summary>A Component (concrete <c>FileComponent</c>, <c>SequenceComponent</c> or <c>ContainerComponent</c>).</summary>
public sealed record FtrackComponent(string Id, string EntityType, string? Name, string? FileType, long? Size, string? SystemType, string? VersionId)
{
    public static FtrackComponent From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.EntityType, entity.GetString("name"), entity.GetString("file_type"), entity.GetInt64("size"),
            entity.GetString("system_type"), entity.GetString("version_id"));
    }
}

/// <summary>A ComponentLocation (a component stored in a location).</summary>
public sealed record FtrackComponentLocation(string Id, string? ComponentId, string? LocationId, string? ResourceIdentifier)
{
    public static FtrackComponentLocation From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("component_id"), entity.GetString("location_id"), entity.GetString("resource_identifier"));
    }
}

/// <summary>A Job; <c>Data</c> is ftrack's JSON string (e.g. <c>{"description": "..."}</c>).</summary>
public sealed record FtrackJob(string Id, string? Status, string? Type, string? Data, string? UserId, DateTimeOffset? CreatedAt)
{
    public static FtrackJob From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("status"), entity.GetString("type"), entity.GetString("data"), entity.GetString("user_id"),
            entity.GetDateTime("created_at"));
    }
}

/// <summary>An Appointment (<c>Type</c> is <c>assignment</c> or <c>allocation</c>).</summary>
public sealed record FtrackAppointment(string Id, string? ContextId, string? ResourceId, string? Type)
{
    public static FtrackAppointment From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.GetString("context_id"), entity.GetString("resource_id"), entity.GetString("type"));
    }
}
