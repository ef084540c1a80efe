using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Attributes;

/// <summary>The ftrack reads and writes the hierarchical-attribute handlers share.</summary>
public static class AttributeReads
{
    /// <summary>Ids per <c>in (...)</c> filter.</summary>
    public const int IdChunk = 200;

    /// <summary>The configurations with one of <paramref name="keys"/> that apply to project <paramref name="projectId"/> (global ones and the project's own).</summary>
    public static async Task<IReadOnlyList<AttributeConfiguration>> ConfigurationsAsync(FtrackSession session, IReadOnlyCollection<string> keys, string? projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(keys);
        var query = FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration)
            .Select("id", "key", "is_hierarchical", "object_type_id", "project_id", "default", "type.name")
            .Where(FtrackFilter.In("key", keys.Distinct(StringComparer.Ordinal)));
        var rows = await session.QueryAsync(query, FtrackCustomAttributeConfiguration.From, cancellationToken);
        // By hand, not Mapster: the processor loads it only for integrators' handlers (~15 MB, issue 15); this runs on every ftrack.update.
        return [.. rows
            .Where(c => c.Key is not null && (c.ProjectId is null || projectId is null || c.ProjectId == projectId))
            .Select(c => new AttributeConfiguration(c.Id, c.Key!, c.IsHierarchical == true, c.ObjectTypeId, c.Default, c.TypeName))];
    }

    /// <summary>The stored values of <paramref name="configurationIds"/> on <paramref name="entityIds"/>, by (configuration, entity).</summary>
    public static async Task<IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?>> ValuesAsync(
        FtrackSession session, IReadOnlyCollection<string> entityIds, IReadOnlyCollection<string> configurationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(entityIds);
        ArgumentNullException.ThrowIfNull(configurationIds);
        var result = new Dictionary<(string, string), JsonNode?>();
        if (configurationIds.Count == 0)
        {
            return result;
        }

        foreach (var chunk in entityIds.Distinct(StringComparer.Ordinal).Chunk(IdChunk))
        {
            var rows = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue)
                    .Select("configuration_id", "entity_id", "value")
                    .Where(FtrackFilter.In("entity_id", chunk).And(FtrackFilter.In("configuration_id", configurationIds))),
                FtrackCustomAttributeValue.From,
                cancellationToken);
            foreach (var row in rows)
            {
                result[(row.ConfigurationId, row.EntityId)] = row.Value;
            }
        }

        return result;
    }

    /// <summary>Writes values (create or update) in commits of <paramref name="chunk"/> operations.</summary>
    public static async Task WriteAsync(FtrackSession session, IReadOnlyList<AttributeWrite> writes, int chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var part in writes.Chunk(chunk))
        {
            foreach (var write in part)
            {
                session.SetCustomAttribute(FtrackEntityRef.Of(write.EntityType, write.EntityId), write.ConfigurationId, write.Value);
            }

            await session.CommitAsync(cancellationToken);
        }
    }
}
