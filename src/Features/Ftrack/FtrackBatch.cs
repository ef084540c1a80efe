using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ftrack;

/// <summary>Several ftrack queries in one HTTP request (one batch of <c>query</c> operations); further pages, if any, are read one by one.</summary>
public static class FtrackBatch
{
    /// <summary>The rows of each query, in order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<FtrackEntity>>> QueryAsync(FtrackSession session, IReadOnlyList<FtrackQuery> queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(queries);
        var operations = new JsonArray([.. queries.Select(q => (JsonNode)new JsonObject { ["action"] = "query", ["expression"] = q.ToExpression(0, FtrackSession.PageSize) })]);
        var reply = await session.CallAsync(operations, cancellationToken);
        var result = new List<IReadOnlyList<FtrackEntity>>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            if (reply[i] is not JsonObject page || page["data"] is not JsonArray data)
            {
                throw new FtrackProtocolException($"ftrack answered the query on {queries[i].EntityType} without a data array.");
            }

            var map = new FtrackIdentityMap();
            var rows = new List<FtrackEntity>();
            foreach (var item in data)
            {
                if (item is not JsonObject entity || FtrackPrimaryKeys.RefOf(entity) is not { } reference)
                {
                    throw new FtrackProtocolException($"ftrack answered the query on {queries[i].EntityType} with a row that is not an entity.");
                }

                map.Merge(entity);
                rows.Add(map.Find(reference)!);
            }

            if (FtrackValue.ReadInt64(page["metadata"]?["next"]?["offset"]) is { } next && data.Count > 0)
            {
                rows.AddRange(await session.QueryAsync(queries[i].Skip(checked((int)next)), cancellationToken));
            }

            result.Add(rows);
        }

        return result;
    }
}
