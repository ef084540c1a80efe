using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-06 <c>CollectFtrackCustomAttributeData</c>: the stored (not inherited) values of the configured custom
/// attribute keys on each instance's ftrack entity (else the context's), for <c>customData.ftrack</c>; a key without a
/// stored value is null.
/// </summary>
public static class CustomAttributeData
{
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var keys = input.ReadSettings().Publish.CollectFtrackCustomAttributeData.CustomAttributeKeys.Distinct(StringComparer.Ordinal).ToList();
        var result = new JsonArray();
        if (keys.Count == 0)
        {
            return new JsonObject { ["instances"] = result };
        }

        var entityIds = input.Instances.Select(i => i.FtrackEntityId ?? input.Context.FtrackEntityId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var configurations = await session.QueryAsync(FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key").Where(FtrackFilter.In("key", keys)), cancellationToken);
        var keyById = configurations.ToDictionary(c => c.Id, c => c.GetString("key") ?? "", StringComparer.Ordinal);
        var values = new Dictionary<string, Dictionary<string, JsonNode?>>(StringComparer.Ordinal);
        if (entityIds.Count > 0 && keyById.Count > 0)
        {
            var rows = await session.QueryAsync(
                FtrackQuery.From("CustomAttributeValue").Select("value", "entity_id", "configuration_id")
                    .Where(FtrackFilter.All(FtrackFilter.In("entity_id", entityIds), FtrackFilter.In("configuration_id", keyById.Keys))),
                cancellationToken);
            foreach (var row in rows)
            {
                if (row.GetString("entity_id") is { } entityId && row.GetString("configuration_id") is { } configurationId && keyById.TryGetValue(configurationId, out var key))
                {
                    (values.TryGetValue(entityId, out var byKey) ? byKey : values[entityId] = new(StringComparer.Ordinal))[key] = row["value"]?.DeepClone();
                }
            }
        }

        foreach (var instance in input.Instances)
        {
            var entityId = instance.FtrackEntityId ?? input.Context.FtrackEntityId;
            var data = new JsonObject();
            foreach (var key in keys)
            {
                data[key] = entityId is not null && values.TryGetValue(entityId, out var byKey) && byKey.TryGetValue(key, out var value) ? value?.DeepClone() : null;
            }

            result.Add(new JsonObject { ["label"] = instance.Label, ["ftrack"] = data });
        }

        return new JsonObject { ["instances"] = result };
    }
}
