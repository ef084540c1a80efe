using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Ayon;

/// <summary>Filters of the GraphQL <c>events</c> field (ayon-protocol.md §2.7.1). Null means "not given".</summary>
public sealed record EventsQuery
{
    public IReadOnlyList<string>? Ids { get; init; }

    /// <summary>Topic patterns (<c>*</c> = wildcard); an empty list matches nothing.</summary>
    public IReadOnlyList<string>? Topics { get; init; }
    public IReadOnlyList<string>? Projects { get; init; }
    public IReadOnlyList<string>? Users { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public bool? HasChildren { get; init; }

    /// <summary>Only events created before this instant (strict).</summary>
    public DateTimeOffset? OlderThan { get; init; }

    /// <summary>Only events created after this instant (strict).</summary>
    public DateTimeOffset? NewerThan { get; init; }

    /// <summary>Free-text filter (tokens of 3+ characters, split on spaces).</summary>
    public string? Filter { get; init; }
    public bool? IncludeLogs { get; init; }

    /// <summary>True = newest first (the server's <c>last</c>); false = oldest first (<c>first</c>).</summary>
    public bool NewestFirst { get; init; }

    /// <summary>Page size (default 100).</summary>
    public int PageSize { get; init; } = 100;
}

/// <summary>An event as the GraphQL <c>events</c> field returns it (no <c>senderType</c>; summary and payload parsed).</summary>
public sealed record GraphQlEvent
{
    public required string Id { get; init; }
    public string? Hash { get; init; }
    public required string Topic { get; init; }
    public string? Project { get; init; }
    public string? User { get; init; }
    public string? Sender { get; init; }
    public string? DependsOn { get; init; }
    public required string Status { get; init; }
    public int Retries { get; init; }
    public string? Description { get; init; }
    public JsonObject? Summary { get; init; }
    public JsonObject? Payload { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One page of events and the cursor of the next page (null when there is none).</summary>
public sealed record EventsPage(IReadOnlyList<GraphQlEvent> Events, string? NextCursor);

/// <summary>The fixed GraphQL documents for events and their paging.</summary>
public static class AyonEventQueries
{
    /// <summary>The one <c>events</c> document the client sends; unset variables are sent as null (= not given).</summary>
    public const string EventsDocument = """
        query Events($ids: [String!], $topics: [String!], $projects: [String!], $users: [String!], $statuses: [String!],
                     $hasChildren: Boolean, $olderThan: String, $newerThan: String, $filter: String, $includeLogs: Boolean,
                     $first: Int, $after: String, $last: Int, $before: String) {
          events(ids: $ids, topics: $topics, projects: $projects, users: $users, statuses: $statuses,
                 hasChildren: $hasChildren, olderThan: $olderThan, newerThan: $newerThan, filter: $filter,
                 includeLogs: $includeLogs, first: $first, after: $after, last: $last, before: $before) {
            edges { node { id hash topic project user sender dependsOn status retries description summary payload createdAt updatedAt } }
            pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
          }
        }
        """;

    /// <summary>The variables for one page of <paramref name="query"/> after (or, newest first, before) <paramref name="cursor"/>.</summary>
    public static JsonObject Variables(EventsQuery query, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(query);
        static JsonNode? List(IReadOnlyList<string>? values) => values is null ? null : new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        return new JsonObject
        {
            ["ids"] = List(query.Ids),
            ["topics"] = List(query.Topics),
            ["projects"] = List(query.Projects),
            ["users"] = List(query.Users),
            ["statuses"] = List(query.Statuses),
            ["hasChildren"] = query.HasChildren,
            ["olderThan"] = query.OlderThan?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["newerThan"] = query.NewerThan?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["filter"] = query.Filter,
            ["includeLogs"] = query.IncludeLogs,
            ["first"] = query.NewestFirst ? null : query.PageSize,
            ["after"] = query.NewestFirst ? null : cursor,
            ["last"] = query.NewestFirst ? query.PageSize : null,
            ["before"] = query.NewestFirst ? cursor : null,
        };
    }

    /// <summary>Reads one page of events.</summary>
    public static async Task<EventsPage> GetEventsPageAsync(this IAyonApi api, EventsQuery query, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var data = await api.QueryGraphQlAsync(EventsDocument, Variables(query, cursor), cancellationToken);
        return ParsePage(data, query.NewestFirst);
    }

    /// <summary>Reads events page by page until there are no more or <paramref name="limit"/> is reached.</summary>
    public static async Task<IReadOnlyList<GraphQlEvent>> GetEventsAsync(this IAyonApi api, EventsQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = new List<GraphQlEvent>();
        string? cursor = null;
        while (all.Count < limit)
        {
            var page = await api.GetEventsPageAsync(query, cursor, cancellationToken);
            all.AddRange(page.Events.Take(limit - all.Count));
            if (page.NextCursor is null || page.NextCursor == cursor)
            {
                break;
            }

            cursor = page.NextCursor;
        }

        return all;
    }

    /// <summary>Parses the <c>data</c> of <see cref="EventsDocument"/>; a malformed answer throws naming the field.</summary>
    internal static EventsPage ParsePage(JsonElement data, bool newestFirst)
    {
        if (!data.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object)
        {
            throw new AyonRequestException("GraphQL events: the response has no 'events' object");
        }

        var list = new List<GraphQlEvent>();
        if (events.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array)
        {
            foreach (var edge in edges.EnumerateArray())
            {
                var node = edge.GetProperty("node");

                // By hand, not Mapster: the source is a JsonElement whose fields each need a type check.
                list.Add(new GraphQlEvent
                {
                    Id = Str(node, "id") ?? throw new AyonRequestException("GraphQL events: a node has no id"),
                    Hash = Str(node, "hash"),
                    Topic = Str(node, "topic") ?? "",
                    Project = Str(node, "project"),
                    User = Str(node, "user"),
                    Sender = Str(node, "sender"),
                    DependsOn = Str(node, "dependsOn"),
                    Status = Str(node, "status") ?? "",
                    Retries = node.TryGetProperty("retries", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0,
                    Description = Str(node, "description"),
                    Summary = JsonString(node, "summary"),
                    Payload = JsonString(node, "payload"),
                    CreatedAt = Time(node, "createdAt"),
                    UpdatedAt = Time(node, "updatedAt"),
                });
            }
        }

        string? next = null;
        if (events.TryGetProperty("pageInfo", out var info))
        {
            var more = info.TryGetProperty(newestFirst ? "hasPreviousPage" : "hasNextPage", out var flag) && flag.ValueKind == JsonValueKind.True;
            next = more ? Str(info, "endCursor") : null;
        }

        return new EventsPage(list, next);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        Str(e, name) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static JsonObject? JsonString(JsonElement e, string name)
    {
        if (Str(e, name) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw new AyonRequestException($"GraphQL events: field '{name}' is not a JSON object string: {ex.Message}");
        }
    }
}
