using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// The ftrack REST session (ftrack-protocol.md §1, §2, §5) on top of <see cref="IFtrackApi"/>: server information,
/// schemas (cached per server), queries with paging, a local change set sent as one commit, and component upload.
/// Scoped: each slice run gets its own change set. Not thread-safe.
/// </summary>
public sealed partial class FtrackSession(
    IFtrackApi api,
    FtrackConnection connection,
    FtrackSchemaCache schemaCache,
    IHttpClientFactory httpClientFactory,
    ILogger<FtrackSession> logger)
{
    /// <summary>Rows requested per query page (the Python client's and AYON server addon's page size).</summary>
    public const int PageSize = 500;

    private readonly List<JsonObject> _pending = [];

    /// <summary>Number of operations waiting for <see cref="CommitAsync"/>.</summary>
    public int PendingOperationCount => _pending.Count;

    /// <summary>Copies of the operations waiting for <see cref="CommitAsync"/>, in order.</summary>
    public IReadOnlyList<JsonObject> PendingOperations => [.. _pending.Select(op => (JsonObject)op.DeepClone())];

    /// <summary>
    /// Sends one raw batch and returns the reply array (same length and order).
    /// </summary>
    /// <exception cref="FtrackServerException">The server answered with its error object (typed by exception name).</exception>
    /// <exception cref="FtrackProtocolException">The answer could not be read.</exception>
    public async Task<JsonArray> CallAsync(JsonArray operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var credentials = connection.Required;
        Log.SendingBatch(logger, operations.Count, credentials.ServerUrl);
        HttpResponseMessage response;
        try
        {
            response = await api.CallAsync(operations, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FtrackProtocolException(
                $"ftrack server {credentials.ServerUrl} did not answer within {FtrackClientRegistration.RequestTimeout.TotalSeconds:0} s.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not FtrackServerException and not FtrackProtocolException and not InvalidOperationException)
        {
            throw new FtrackProtocolException($"ftrack server {credentials.ServerUrl} could not be reached: {ex.Message}", ex);
        }

        using var disposeResponse = response;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? reply;
        try
        {
            reply = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FtrackProtocolException(
                $"ftrack server {credentials.ServerUrl} answered HTTP {(int)response.StatusCode} with a body that is not JSON.", ex);
        }

        if (reply is JsonObject error && error.ContainsKey("exception"))
        {
            throw ToException(error, response.StatusCode, credentials);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new FtrackProtocolException(
                $"ftrack server {credentials.ServerUrl} answered HTTP {(int)response.StatusCode} without its error object.");
        }

        if (reply is not JsonArray array || array.Count != operations.Count)
        {
            throw new FtrackProtocolException(
                $"ftrack server {credentials.ServerUrl} answered a batch of {operations.Count} operation(s) with something other than an array of {operations.Count} result(s).");
        }

        return array;
    }

    /// <summary><c>query_server_information</c>: version, schema hash, storage scenario.</summary>
    public async Task<FtrackServerInformation> GetServerInformationAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync([new JsonObject { ["action"] = "query_server_information" }], cancellationToken);
        return FtrackServerInformation.Parse(reply[0]);
    }

    /// <summary>
    /// <c>query_schemas</c>, fetched once per server and process (<see cref="FtrackSchemaCache"/>).
    /// </summary>
    public async Task<FtrackSchemaSet> GetSchemasAsync(CancellationToken cancellationToken)
    {
        var server = connection.Required.ServerUrl;
        if (schemaCache.TryGet(server, null, out var cached))
        {
            return cached;
        }

        var reply = await CallAsync(
            [new JsonObject { ["action"] = "query_server_information" }, new JsonObject { ["action"] = "query_schemas" }],
            cancellationToken);
        var info = FtrackServerInformation.Parse(reply[0]);
        var schemas = FtrackSchemaSet.Parse(reply[1]);
        schemaCache.Set(server, info.SchemaHash ?? "", schemas);
        return schemas;
    }

    /// <summary>
    /// Runs a query and reads every page (<see cref="PageSize"/> rows per request, following
    /// <c>metadata.next.offset</c>) up to the query's own limit. Rows are merged by identity.
    /// </summary>
    public async Task<FtrackQueryResult> QueryAsync(FtrackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var map = new FtrackIdentityMap();
        var rows = new List<FtrackEntityRef>();
        var offset = query.Offset ?? 0;
        var remaining = query.Limit;
        var pages = 0;
        while (remaining is not 0)
        {
            var pageLimit = remaining is { } r ? Math.Min(PageSize, r) : PageSize;
            var expression = query.ToExpression(offset, pageLimit);
            var reply = await CallAsync([new JsonObject { ["action"] = "query", ["expression"] = expression }], cancellationToken);
            pages++;
            if (reply[0] is not JsonObject page || page["data"] is not JsonArray data)
            {
                throw new FtrackProtocolException($"ftrack answered the query on {query.EntityType} without a data array.");
            }

            foreach (var item in data)
            {
                if (item is not JsonObject entity || FtrackPrimaryKeys.RefOf(entity) is not { } reference)
                {
                    throw new FtrackProtocolException($"ftrack answered the query on {query.EntityType} with a row that is not an entity.");
                }

                map.Merge(entity);
                rows.Add(reference);
            }

            remaining -= data.Count;
            var next = FtrackValue.ReadInt64(page["metadata"]?["next"]?["offset"]);
            if (next is null || data.Count == 0)
            {
                break;
            }

            if (next <= offset)
            {
                throw new FtrackProtocolException($"ftrack answered the query on {query.EntityType} with a next offset ({next}) that does not advance.");
            }

            offset = checked((int)next.Value);
        }

        Log.QueryRead(logger, query.EntityType, rows.Count, pages);
        return new FtrackQueryResult(map, rows);
    }

    /// <summary>Runs a query and maps every row to a typed record (e.g. <c>FtrackTypedContext.From</c>).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(FtrackQuery query, Func<FtrackEntity, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = await QueryAsync(query, cancellationToken);
        return [.. rows.Select(map)];
    }

    /// <summary>The first row of the query (<c>limit 1</c>), or null.</summary>
    public async Task<FtrackEntity?> QueryFirstAsync(FtrackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await QueryAsync(query.Take(1), cancellationToken);
        return rows.Count > 0 ? rows[0] : null;
    }

    /// <summary>The only row of the query (<c>limit 2</c>).</summary>
    /// <exception cref="FtrackQueryResultException">No row, or more than one.</exception>
    public async Task<FtrackEntity> QuerySingleAsync(FtrackQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is not null || query.Offset is not null)
        {
            throw new ArgumentException("A single-row query must not carry its own offset or limit.", nameof(query));
        }

        var rows = await QueryAsync(query.Take(2), cancellationToken);
        return rows.Count switch
        {
            1 => rows[0],
            0 => throw new FtrackQueryResultException($"ftrack query on {query.EntityType} returned no row."),
            _ => throw new FtrackQueryResultException($"ftrack query on {query.EntityType} returned more than one row."),
        };
    }

    /// <summary>The entity with this id (with the server's default projections), or null.</summary>
    public Task<FtrackEntity?> GetAsync(string entityType, string id, CancellationToken cancellationToken) =>
        GetAsync(entityType, id, [], cancellationToken);

    /// <summary>The entity with this id (with the requested projections, or the server's defaults when none), or null.</summary>
    public Task<FtrackEntity?> GetAsync(string entityType, string id, IReadOnlyList<string> projections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projections);
        var query = FtrackQuery.From(entityType).Where(FtrackFilter.Is("id", id));
        return QueryFirstAsync(projections.Count > 0 ? query.Select([.. projections]) : query, cancellationToken);
    }

    /// <summary>
    /// Records a create. The primary key comes from <paramref name="data"/>; a missing <c>id</c> gets a new UUID.
    /// Values are encoded with <see cref="FtrackValue.Encode"/> (references may be given as <see cref="FtrackEntityRef"/>).
    /// </summary>
    public FtrackEntityRef Create(string entityType, IReadOnlyDictionary<string, object?> data)
    {
        FtrackQuery.CheckName(entityType, nameof(entityType));
        ArgumentNullException.ThrowIfNull(data);
        var entityData = Encode(entityType, data);
        var keyNames = FtrackPrimaryKeys.Of(entityType);
        if (keyNames is ["id"] && FtrackValue.ReadString(entityData["id"]) is null)
        {
            entityData["id"] = Guid.NewGuid().ToString();
        }

        var reference = FtrackPrimaryKeys.RefOf(entityData)
            ?? throw new ArgumentException($"Creating {entityType} needs its key: {string.Join(", ", keyNames)}.", nameof(data));
        _pending.Add(new JsonObject
        {
            ["action"] = "create",
            ["entity_type"] = entityType,
            ["entity_key"] = reference.KeyValues(),
            ["entity_data"] = entityData,
        });
        return reference;
    }

    /// <summary>
    /// Records an update. Consecutive updates of one entity, and an update of an entity created in this change
    /// set, are folded into one operation (the last value per attribute wins), as the Python client does.
    /// </summary>
    public void Update(FtrackEntityRef entity, IReadOnlyDictionary<string, object?> changes)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(changes);
        var entityData = Encode(entity.EntityType, changes);
        var target = _pending.FindLast(op => SameEntity(op, entity) && FtrackValue.ReadString(op["action"]) is "create" or "update");
        if (target is not null && (ReferenceEquals(target, _pending[^1]) || FtrackValue.ReadString(target["action"]) == "create"))
        {
            var existing = (JsonObject)target["entity_data"]!;
            foreach (var (name, value) in entityData)
            {
                existing[name] = value?.DeepClone();
            }

            return;
        }

        _pending.Add(new JsonObject
        {
            ["action"] = "update",
            ["entity_type"] = entity.EntityType,
            ["entity_key"] = entity.KeyValues(),
            ["entity_data"] = entityData,
        });
    }

    /// <summary>Records a delete; deleting an entity created in this change set drops both operations.</summary>
    public void Delete(FtrackEntityRef entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var created = _pending.FindIndex(op => SameEntity(op, entity) && FtrackValue.ReadString(op["action"]) == "create");
        if (created >= 0)
        {
            _pending.RemoveAll(op => SameEntity(op, entity));
            return;
        }

        _pending.Add(new JsonObject
        {
            ["action"] = "delete",
            ["entity_type"] = entity.EntityType,
            ["entity_key"] = entity.KeyValues(),
        });
    }

    /// <summary>Records the create of a stored custom attribute value (<c>CustomAttributeValue</c>, ftrack-protocol.md §1.6).</summary>
    public FtrackEntityRef CreateCustomAttributeValue(string configurationId, string entityId, object? value) =>
        Create("CustomAttributeValue", new Dictionary<string, object?>
        {
            ["configuration_id"] = configurationId,
            ["entity_id"] = entityId,
            ["value"] = value,
        });

    /// <summary>Records the change of a stored custom attribute value.</summary>
    public void UpdateCustomAttributeValue(string configurationId, string entityId, object? value) =>
        Update(CustomAttributeValueRef("CustomAttributeValue", configurationId, entityId), new Dictionary<string, object?> { ["value"] = value });

    /// <summary>Records the removal of a stored custom attribute value (the entity falls back to the default).</summary>
    public void DeleteCustomAttributeValue(string configurationId, string entityId) =>
        Delete(CustomAttributeValueRef("CustomAttributeValue", configurationId, entityId));

    /// <summary>
    /// Records <c>entity["custom_attributes"][key] = value</c> the way the Python client writes it: an update of the
    /// entity's <c>...CustomAttributeValue</c> type, which the server treats as an upsert.
    /// </summary>
    public void SetCustomAttribute(FtrackEntityRef entity, string configurationId, object? value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var valueType = entity.EntityType switch
        {
            "AssetVersion" => "AssetVersionCustomAttributeValue",
            "Asset" => "AssetCustomAttributeValue",
            "User" => "UserCustomAttributeValue",
            "List" or "TypedContextList" or "AssetVersionList" => "ListCustomAttributeValue",
            "ListObject" => "ListObjectCustomAttributeValue",
            _ => "ContextCustomAttributeValue",
        };
        Update(CustomAttributeValueRef(valueType, configurationId, entity.Id), new Dictionary<string, object?> { ["value"] = value });
    }

    /// <summary>
    /// Sends every pending operation as one batch. On success the change set is emptied and the reply of each
    /// create/update is returned (null for deletes). On failure the local change set is rolled back and the
    /// error is thrown.
    /// </summary>
    public async Task<IReadOnlyList<FtrackEntity?>> CommitAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return [];
        }

        var batch = new JsonArray([.. _pending.Select(op => (JsonNode)op.DeepClone())]);
        JsonArray reply;
        try
        {
            reply = await CallAsync(batch, cancellationToken);
        }
        catch (Exception ex)
        {
            Log.CommitFailed(logger, batch.Count, ex);
            Rollback();
            throw;
        }

        _pending.Clear();
        var map = new FtrackIdentityMap();
        var results = new List<FtrackEntity?>(reply.Count);
        foreach (var item in reply)
        {
            if (item?["data"] is JsonObject data && FtrackPrimaryKeys.RefOf(data) is { } reference)
            {
                map.Merge(data);
                results.Add(map.Find(reference));
            }
            else
            {
                results.Add(null);
            }
        }

        Log.Committed(logger, batch.Count);
        return results;
    }

    /// <summary>Forgets every pending operation.</summary>
    public void Rollback() => _pending.Clear();

    /// <summary>
    /// Uploads a file for a component to the <c>ftrack.server</c> location (ftrack-protocol.md §5 steps 3-4):
    /// <c>get_upload_metadata</c>, then a PUT of the bytes to the signed URL with exactly the returned headers.
    /// The component and its <c>ComponentLocation</c> are created by the caller's commit afterwards.
    /// </summary>
    public async Task<FtrackUploadTarget> UploadComponentAsync(string componentId, string fileName, Stream content, long size, string? checksum, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(componentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var reply = await CallAsync(
            [new JsonObject
            {
                ["action"] = "get_upload_metadata",
                ["component_id"] = componentId,
                ["file_name"] = fileName,
                ["file_size"] = size,
                ["checksum"] = checksum,
            }],
            cancellationToken);
        if (reply[0] is not JsonObject metadata || FtrackValue.ReadString(metadata["url"]) is not { Length: > 0 } url)
        {
            throw new FtrackProtocolException($"ftrack answered get_upload_metadata for component {componentId} without an upload url.");
        }

        var target = Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            ? absolute
            : FtrackAuthHandler.Rebase(new Uri(url, UriKind.Relative), connection.Required.ServerUrl);
        using var request = new HttpRequestMessage(HttpMethod.Put, target);
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentLength = size;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata["headers"] is JsonObject given)
        {
            foreach (var (name, value) in given)
            {
                if (FtrackValue.ReadString(value) is not { } text || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                headers[name] = text;
                if (!request.Content.Headers.TryAddWithoutValidation(name, text))
                {
                    request.Headers.TryAddWithoutValidation(name, text);
                }
            }
        }

        var client = httpClientFactory.CreateClient(FtrackClientRegistration.UploadClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new FtrackProtocolException($"ftrack upload of component {componentId} was refused: HTTP {(int)response.StatusCode}.");
        }

        Log.Uploaded(logger, componentId, size);
        return new FtrackUploadTarget(componentId, target, headers);
    }

    private static FtrackEntityRef CustomAttributeValueRef(string type, string configurationId, string entityId) =>
        FtrackEntityRef.Composite(type, new("configuration_id", configurationId), new("entity_id", entityId));

    private static bool SameEntity(JsonObject op, FtrackEntityRef entity) =>
        FtrackValue.ReadString(op["entity_type"]) == entity.EntityType
        && op["entity_key"] is JsonArray key
        && key.Select(FtrackValue.ReadString).SequenceEqual(entity.Key.Select(k => k.Value));

    private static JsonObject Encode(string entityType, IReadOnlyDictionary<string, object?> data)
    {
        var json = new JsonObject { ["__entity_type__"] = entityType };
        foreach (var (name, value) in data)
        {
            FtrackQuery.CheckPath(name, nameof(data));
            json[name] = FtrackValue.Encode(value);
        }

        return json;
    }

    private static FtrackServerException ToException(JsonObject error, HttpStatusCode status, FtrackCredentials credentials)
    {
        var name = FtrackValue.ReadString(error["exception"]) ?? "ServerError";
        var content = FtrackValue.ReadString(error["content"]) ?? error["content"]?.ToJsonString() ?? "";
        if (credentials.ApiKey.Length > 0)
        {
            content = content.Replace(credentials.ApiKey, "***", StringComparison.Ordinal);
        }

        var code = FtrackValue.ReadString(error["error_code"]);
        var httpStatus = (int)status;
        if (name is "InvalidCredentialsError" or "FTAuthenticationError" || code == "api_credentials_invalid" || status == HttpStatusCode.Unauthorized)
        {
            return new FtrackAuthenticationException(name, content, code, httpStatus);
        }

        return name switch
        {
            "ValidationError" => new FtrackValidationException(name, content, code, httpStatus),
            "PermissionError" => new FtrackPermissionException(name, content, code, httpStatus),
            _ => new FtrackServerException(name, content, code, httpStatus),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9000, Level = LogLevel.Debug, Message = "Sending {Count} operation(s) to ftrack {Server}")]
        public static partial void SendingBatch(ILogger logger, int count, Uri server);

        [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "ftrack query on {EntityType} read {Rows} row(s) in {Pages} page(s)")]
        public static partial void QueryRead(ILogger logger, string entityType, int rows, int pages);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "ftrack commit of {Count} operation(s) succeeded")]
        public static partial void Committed(ILogger logger, int count);

        [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "ftrack commit of {Count} operation(s) failed; the local change set was rolled back")]
        public static partial void CommitFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "Uploaded {Size} byte(s) for ftrack component {ComponentId}")]
        public static partial void Uploaded(ILogger logger, string componentId, long size);
    }
}

/// <summary>The rows of a query, in server order, merged by identity.</summary>
public sealed class FtrackQueryResult : IReadOnlyList<FtrackEntity>
{
    private readonly List<FtrackEntity> _rows;

    internal FtrackQueryResult(FtrackIdentityMap map, IEnumerable<FtrackEntityRef> rows)
    {
        Map = map;
        _rows = [.. rows.Select(r => map.Find(r)!)];
    }

    /// <summary>Every entity of the replies (rows and nested), by identity.</summary>
    public FtrackIdentityMap Map { get; }

    public int Count => _rows.Count;

    public FtrackEntity this[int index] => _rows[index];

    public IEnumerator<FtrackEntity> GetEnumerator() => _rows.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Where a component's bytes were uploaded: the signed URL and the headers sent with the PUT.</summary>
public sealed record FtrackUploadTarget(string ComponentId, Uri Url, IReadOnlyDictionary<string, string> Headers);
