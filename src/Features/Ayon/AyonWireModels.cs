using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon;

// Wire DTOs of the AYON core endpoints used by the services (camelCase unless stated).

/// <summary><c>GET /api/info</c>.</summary>
public sealed record AyonInfo(string? Version, long? Uptime, AyonUser? User);

/// <summary>A user as <c>GET /api/users/me</c> returns it.</summary>
public sealed record AyonUser(string Name, bool? Active, JsonObject? Attrib, JsonObject? Data, IReadOnlyList<string>? OwnAttrib, string? CreatedAt, string? UpdatedAt)
{
    /// <summary>True when <c>data.isService</c> is true.</summary>
    [JsonIgnore]
    public bool IsService => Data?["isService"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}

/// <summary>One AYON secret. The value is never printed by <see cref="ToString"/>.</summary>
public sealed record AyonSecret(string Name, string? Value)
{
    /// <inheritdoc />
    public override string ToString() => $"AyonSecret {{ Name = {Name}, Value = *** }}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Value = ***");
        return true;
    }
}

/// <summary>Body of <c>POST /api/events</c>. <c>user</c> and <c>dependsOn</c> are ignored by the server, so they are not offered.</summary>
public sealed record DispatchEventRequest
{
    public required string Topic { get; init; }
    public string? Sender { get; init; }
    public string? Hash { get; init; }
    public string? Project { get; init; }
    public string? Description { get; init; }
    public JsonObject? Summary { get; init; }
    public JsonObject? Payload { get; init; }
    public bool? Finished { get; init; }
    public bool? Store { get; init; }
    public bool? Reuse { get; init; }
}

/// <summary>Response of <c>POST /api/events</c>.</summary>
public sealed record AyonEventCreated(string Id);

/// <summary>Event status values (ayon-protocol.md §2.1).</summary>
public static class AyonEventStatus
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Finished = "finished";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
    public const string Restarted = "restarted";
}

/// <summary>A full event as <c>GET /api/events/{id}</c> returns it.</summary>
public sealed record AyonEvent
{
    public required string Id { get; init; }
    public string? Hash { get; init; }
    public required string Topic { get; init; }
    public string? Sender { get; init; }
    public string? SenderType { get; init; }
    public string? Project { get; init; }
    public string? User { get; init; }
    public string? DependsOn { get; init; }
    public required string Status { get; init; }
    public int Retries { get; init; }
    public string? Description { get; init; }
    public JsonObject? Summary { get; init; }
    public JsonObject? Payload { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Body of <c>PATCH /api/events/{id}</c>; null fields are not sent and stay unchanged.</summary>
public sealed record UpdateEventRequest
{
    public string? Sender { get; init; }
    public string? Project { get; init; }
    public string? User { get; init; }
    public string? Status { get; init; }
    public string? Description { get; init; }
    public JsonObject? Summary { get; init; }
    public JsonObject? Payload { get; init; }
    public int? Progress { get; init; }
    public int? Retries { get; init; }
}

/// <summary>
/// Body of <c>POST /api/enroll</c> with every field of ayon-protocol.md §2.6. <see cref="SourceTopic"/> is a
/// string (a LIKE pattern, <c>*</c> as wildcard) or a list of exact topics; use <see cref="SourceTopics"/> for the list.
/// </summary>
public sealed record EnrollRequest
{
    /// <summary>Either a JSON string (pattern) or a JSON array of exact topics.</summary>
    public required JsonNode SourceTopic { get; init; }
    public required string TargetTopic { get; init; }
    public string? Sender { get; init; }
    public string? SenderType { get; init; }
    public string? Description { get; init; }
    public bool? Sequential { get; init; }
    public QueryFilter? Filter { get; init; }
    public int? MaxRetries { get; init; }
    public IReadOnlyList<string>? IgnoreSenderTypes { get; init; }
    public int? IgnoreOlderThan { get; init; }

    /// <summary>A source topic given as a LIKE pattern (<c>*</c> matches anything).</summary>
    public static JsonNode SourcePattern(string pattern) => JsonValue.Create(pattern);

    /// <summary>Source topics matched exactly (no wildcards in list form).</summary>
    public static JsonNode SourceTopics(IEnumerable<string> topics) => new JsonArray([.. topics.Select(t => (JsonNode?)JsonValue.Create(t))]);
}

/// <summary>Response of <c>POST /api/enroll</c> when a job is handed out (200).</summary>
public sealed record EnrollJob(string Id, string DependsOn, string Hash, string Status);

/// <summary>QueryFilter (ayon-protocol.md §2.7.2): conditions joined by <c>and</c>/<c>or</c>.</summary>
public sealed record QueryFilter
{
    /// <summary>Each item is a condition (<c>{key, value, operator}</c>) or a nested filter.</summary>
    public IReadOnlyList<JsonNode>? Conditions { get; init; }
    public string? Operator { get; init; }

    /// <summary>Builds a condition node.</summary>
    public static JsonNode Condition(string key, JsonNode? value, string @operator = "eq") =>
        new JsonObject { ["key"] = key, ["value"] = value, ["operator"] = @operator };

    /// <summary>Wraps a nested filter as a condition item.</summary>
    public static JsonNode Nested(QueryFilter filter) => JsonSerializer.SerializeToNode(filter, AyonJson.Options)
        ?? throw new InvalidOperationException("The nested filter serialized to null.");
}

/// <summary>Body of <c>POST /api/query</c>.</summary>
public sealed record EventQueryRequest
{
    public string Entity { get; init; } = "event";
    public QueryFilter? Filter { get; init; }
    public int? Limit { get; init; }
    public int? Offset { get; init; }
}

/// <summary>One event of a <c>POST /api/query</c> result (<b>snake_case</b> on the wire; nulls omitted by the server).</summary>
public sealed record AyonQueriedEvent
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("hash")] public string? Hash { get; init; }
    [JsonPropertyName("topic")] public required string Topic { get; init; }
    [JsonPropertyName("sender")] public string? Sender { get; init; }
    [JsonPropertyName("sender_type")] public string? SenderType { get; init; }
    [JsonPropertyName("project")] public string? Project { get; init; }
    [JsonPropertyName("user")] public string? User { get; init; }
    [JsonPropertyName("depends_on")] public string? DependsOn { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("retries")] public int? Retries { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("summary")] public JsonObject? Summary { get; init; }
    [JsonPropertyName("payload")] public JsonObject? Payload { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A GraphQL request: a fixed query document and its variables.</summary>
public sealed record GraphQlRequest(string Query, JsonObject? Variables);

/// <summary>A GraphQL response; <see cref="Errors"/> present means the query failed.</summary>
public sealed record GraphQlResponse(JsonElement? Data, IReadOnlyList<GraphQlError>? Errors);

/// <summary>One GraphQL error.</summary>
public sealed record GraphQlError(string Message);

/// <summary><c>GET /api/attributes</c>.</summary>
public sealed record AttributeList(IReadOnlyList<AttributeModel> Attributes);

/// <summary>One attribute definition.</summary>
public sealed record AttributeModel(string Name, int Position, bool? Builtin, IReadOnlyList<string> Scope, AttributeData Data);

/// <summary>The <c>data</c> of an attribute. Only the keys the services use are typed; the rest round-trip through <see cref="Extra"/>.</summary>
public sealed record AttributeData
{
    public required string Type { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public JsonNode? Example { get; init; }
    public JsonNode? Default { get; init; }
    public bool? Inherit { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Body of <c>PUT /api/attributes/{name}</c>.</summary>
public sealed record AttributePutRequest(int Position, IReadOnlyList<string> Scope, AttributeData Data);

/// <summary>The attribute a service needs: name, type, title, inherit flag and the scopes it must cover.</summary>
public sealed record AttributeDefinition(string Name, string Type, string Title, bool Inherit, IReadOnlyList<string> Scope);

/// <summary><c>customProcessorHandlers</c> response (<b>snake_case</b>).</summary>
public sealed record CustomProcessorHandlers(
    [property: JsonPropertyName("custom_handlers")] IReadOnlyList<CustomProcessorHandler>? CustomHandlers);

/// <summary>One custom handler archive offered by another addon; <see cref="Endpoint"/> is relative to the base URL.</summary>
public sealed record CustomProcessorHandler(
    [property: JsonPropertyName("addon_name")] string AddonName,
    [property: JsonPropertyName("addon_version")] string AddonVersion,
    [property: JsonPropertyName("endpoint")] string Endpoint);
