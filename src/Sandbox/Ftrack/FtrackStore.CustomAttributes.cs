using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>Custom attributes as the server reads them: which configurations apply to an entity, its dense values, the value rows of one value type.</summary>
internal sealed partial class FtrackStore
{
    /// <summary>The legacy entity kind custom attribute configurations use (<c>show</c>, <c>task</c>, ...), or null.</summary>
    public string? CustomAttributeKind(StoredEntity entity) => entity.Type switch
    {
        "Project" => "show",
        "AssetVersion" => "assetversion",
        "Asset" => "asset",
        "User" => "user",
        _ when Model.IsTypedContext(entity.Type) => "task",
        _ when FtrackTypeModel.Family(entity.Type) == "List" => "list",
        _ => null,
    };

    /// <summary>The value type that reads custom attributes of this entity (<c>ContextCustomAttributeValue</c>, ...).</summary>
    public static string CustomAttributeValueType(string? kind) => kind switch
    {
        "assetversion" => "AssetVersionCustomAttributeValue",
        "asset" => "AssetCustomAttributeValue",
        "user" => "UserCustomAttributeValue",
        "list" => "ListCustomAttributeValue",
        _ => "ContextCustomAttributeValue",
    };

    /// <summary>
    /// The configurations applicable to an entity (ftrack-protocol.md §1.6): matching non-hierarchical ones plus the
    /// hierarchical ones; project-specific configurations shadow global ones with the same key.
    /// </summary>
    public List<StoredEntity> ApplicableConfigurations(StoredEntity entity)
    {
        var kind = CustomAttributeKind(entity);
        if (kind is null)
        {
            return [];
        }

        var projectId = ProjectOf(entity)?.Id;
        var objectTypeId = entity.Str("object_type_id");
        var candidates = All("CustomAttributeConfiguration")
            .Where(c =>
            {
                var configProject = c.Str("project_id");
                if (configProject is not null && configProject != projectId)
                {
                    return false;
                }

                if (FtrackValue.ReadBoolean(c.Get("is_hierarchical")) == true)
                {
                    return kind is "show" or "task" or "asset" or "assetversion";
                }

                if (!string.Equals(c.Str("entity_type"), kind, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                return kind != "task" || c.Str("object_type_id") is null || c.Str("object_type_id") == objectTypeId;
            })
            .OrderBy(c => FtrackValue.ReadInt64(c.Get("sort")) ?? 0)
            .ThenBy(c => c.Sequence)
            .ToList();
        return [.. candidates
            .GroupBy(c => c.Str("key") ?? "", StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(c => c.Str("project_id") is not null) ?? g.First())];
    }

    /// <summary>The dense <c>custom_attributes</c> of an entity: one virtual value row per applicable configuration.</summary>
    public List<StoredEntity> DenseCustomAttributes(StoredEntity entity)
    {
        var valueType = CustomAttributeValueType(CustomAttributeKind(entity));
        var result = new List<StoredEntity>();
        foreach (var configuration in ApplicableConfigurations(entity))
        {
            var stored = Find("CustomAttributeValue", KeyString([configuration.Id, entity.Id]));
            var value = stored is not null ? stored.Get("value")?.DeepClone() : configuration.Get("default")?.DeepClone();
            result.Add(new StoredEntity(valueType, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
            {
                ["configuration_id"] = configuration.Id,
                ["entity_id"] = entity.Id,
                ["key"] = configuration.Str("key"),
                ["value"] = value,
            }, configuration.Sequence));
        }

        return result;
    }

    /// <summary>Rows of a <c>...CustomAttributeValue</c> view: stored values of entities of the matching kind, with <c>key</c>.</summary>
    public IEnumerable<StoredEntity> CustomAttributeValueRows(string valueType)
    {
        foreach (var stored in Table("CustomAttributeValue").Values.OrderBy(v => v.Sequence))
        {
            if (valueType == "CustomAttributeValue")
            {
                yield return stored;
                continue;
            }

            var owner = stored.Str("entity_id") is { } id ? FindAnyById(id) : null;
            if (owner is null || CustomAttributeValueType(CustomAttributeKind(owner)) != valueType)
            {
                continue;
            }

            var configuration = FindById("CustomAttributeConfiguration", stored.Str("configuration_id"));
            yield return new StoredEntity(valueType, new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
            {
                ["configuration_id"] = stored.Str("configuration_id"),
                ["entity_id"] = stored.Str("entity_id"),
                ["key"] = configuration?.Str("key"),
                ["value"] = stored.Get("value")?.DeepClone(),
            }, stored.Sequence);
        }
    }
}
