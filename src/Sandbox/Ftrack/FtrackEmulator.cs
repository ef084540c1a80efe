using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// A faithful ftrack REST server on 127.0.0.1 (ftrack-protocol.md §1, §2, §5, §6 items 1-6 and 9): <c>POST /api</c>
/// batches over an in-memory entity store seeded from the real schema capture, the query language, server defaults,
/// one <c>ftrack.update</c> per committed request to <see cref="FtrackEmulatorOptions.EventSink"/>, component
/// upload and download, fault injection, request counters and a seeding API for tests.
/// </summary>
public sealed partial class FtrackEmulator : IAsyncDisposable
{
    private const string InvalidCredentialsContent =
        "The supplied API key is not valid. API keys are created from Settings under the page API keys. The api key should be passed in the request header \"ftrack-api-key\".";

    private readonly WebApplication _app;
    private readonly FtrackStore _store;
    private readonly FtrackEmulatorOptions _options;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, string> _apiKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _actionCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _uploadTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MultipartUpload> _multipartUploads = new(StringComparer.Ordinal);
    private readonly JsonArray _schemas;
    private long _apiRequests;
    private long _operations;
    private long _events;
    private int _failuresToInject;
    private long _delayTicks;

    private FtrackEmulator(WebApplication app, FtrackStore store, FtrackEmulatorOptions options)
    {
        _app = app;
        _store = store;
        _options = options;
        _schemas = JsonNode.Parse(store.Model.SchemaJson)!.AsArray();
    }

    /// <summary>The server URL (<c>http://127.0.0.1:port</c>) to give the client.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The API user's username.</summary>
    public string ApiUser { get; private set; } = "";

    /// <summary>The API user's key.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>The API user's id (<c>source.user.id</c> of the events its requests cause).</summary>
    public string ApiUserId { get; private set; } = "";

    /// <summary>The <c>schema_hash</c> served (MD5 of the schemas served).</summary>
    public string SchemaHash => _store.Model.SchemaHash;

    /// <summary>POST /api requests received (including rejected and failed ones).</summary>
    public long ApiRequestCount => Interlocked.Read(ref _apiRequests);

    /// <summary>Operations executed (all actions of all accepted batches).</summary>
    public long OperationCount => Interlocked.Read(ref _operations);

    /// <summary><c>ftrack.update</c> events handed to the sink.</summary>
    public long PublishedEventCount => Interlocked.Read(ref _events);

    /// <summary>A slow server: every <c>/api</c> request waits this long before it is answered.</summary>
    public TimeSpan ResponseDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Starts the emulator on 127.0.0.1 and seeds a fresh server plus the API user.</summary>
    public static async Task<FtrackEmulator> StartAsync(FtrackEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FtrackEmulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRouting();
        var app = builder.Build();
        var store = new FtrackStore(FtrackTypeModel.LoadEmbedded(), options.TimeProvider);
        FtrackSeed.Apply(store);
        var emulator = new FtrackEmulator(app, store, options);
        var user = emulator.AddUser(options.ApiUser, firstName: "AYON", lastName: "Service");
        emulator.ApiUser = user.Username;
        emulator.ApiKey = user.ApiKey;
        emulator.ApiUserId = user.Id;
        emulator.Seed("UserSecurityRole", new JsonObject
        {
            ["user_id"] = user.Id,
            ["security_role_id"] = FtrackSeed.IdFor("role:Administrator"),
            ["is_all_projects"] = true,
            ["is_all_open_projects"] = true,
        });

        app.UseWebSockets();
        app.MapPost("/api", emulator.HandleApiAsync);
        app.MapPut("/_upload/{componentId}", emulator.HandleUploadAsync);
        app.MapPut("/_upload/{componentId}/{uploadId}/{partNumber:int}", emulator.HandlePartUploadAsync);
        app.MapGet("/component/get", emulator.HandleDownloadAsync);
        emulator.MapThumbnails(app);
        FtrackWebPages.Map(app);
        options.MapExtraEndpoints?.Invoke(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return emulator;
    }

    /// <summary>The next <paramref name="count"/> <c>/api</c> requests answer HTTP 500 (nothing is applied).</summary>
    public void FailNextRequests(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Exchange(ref _failuresToInject, count);
    }

    /// <summary>How many operations of this action were executed (<c>query</c>, <c>create</c>, ...).</summary>
    public long GetActionCount(string action) => _actionCounts.GetValueOrDefault(action);

    /// <summary>Sets every counter back to zero.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _apiRequests, 0);
        Interlocked.Exchange(ref _operations, 0);
        Interlocked.Exchange(ref _events, 0);
        _actionCounts.Clear();
    }

    /// <summary>
    /// Whether the emulator accepts this user and key (the check <c>/api</c> applies). The event hub mapped on the same
    /// app can authenticate its handshake with it, so REST and hub share one set of accounts.
    /// </summary>
    public bool IsValidApiKey(string username, string apiKey) =>
        IsValidKey(username ?? "", apiKey ?? "");

    /// <summary>The bytes uploaded for a component, or null.</summary>
    public byte[]? GetUploadedFile(string componentId) => _files.GetValueOrDefault(componentId);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleApiAsync(HttpContext http)
    {
        Interlocked.Increment(ref _apiRequests);
        var cancellationToken = http.RequestAborted;
        if (TryTakeInjectedFailure())
        {
            await WriteErrorAsync(http, HttpStatusCode.InternalServerError, "ServerError", "Injected failure: the emulator was told to fail this request.", null);
            return;
        }

        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, _options.TimeProvider, cancellationToken);
        }

        var strict = string.Equals(http.Request.Headers["ftrack-strict-api"], "true", StringComparison.OrdinalIgnoreCase);
        var username = http.Request.Headers["ftrack-user"].ToString();
        var key = http.Request.Headers["ftrack-api-key"].ToString();
        if (!IsValidKey(username, key))
        {
            await WriteErrorAsync(http, HttpStatusCode.Unauthorized, "InvalidCredentialsError", InvalidCredentialsContent, "api_credentials_invalid");
            return;
        }

        JsonArray? operations;
        try
        {
            operations = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonArray;
        }
        catch (JsonException)
        {
            operations = null;
        }

        if (operations is null)
        {
            await WriteErrorAsync(http, strict ? HttpStatusCode.BadRequest : HttpStatusCode.OK, "ValidationError", "The request body must be a JSON array of operations.", null);
            return;
        }

        var options = http.Request.Headers["ftrack-api-options"].ToString();
        var denormalize = options.Contains("denormalize:1", StringComparison.OrdinalIgnoreCase) || options.Contains("denormalize=1", StringComparison.OrdinalIgnoreCase);
        var clientToken = NullIfEmpty(http.Request.Headers["ftrack-clienttoken"].ToString());
        var pushToken = NullIfEmpty(http.Request.Headers["ftrack-pushtoken"].ToString());
        JsonArray results;
        JsonObject? failure = null;
        var failureStatus = HttpStatusCode.OK;
        lock (_gate)
        {
            var user = _store.All("User").FirstOrDefault(u => u.Str("username") == username);
            var changes = new FtrackChangeSet();
            var context = new OperationContext(user?.Id, changes);
            _store.BeginTransaction();
            try
            {
                var replies = new List<Func<JsonNode?>>();
                foreach (var operation in operations)
                {
                    replies.Add(Dispatch(operation as JsonObject ?? throw new EmulatorError("ValidationError", "Every operation must be a JSON object."), context, denormalize));
                }

                results = [.. replies.Select(reply => reply())];
                _store.Commit();
            }
            catch (EmulatorError error)
            {
                _store.Rollback();
                results = [];
                failureStatus = strict ? (HttpStatusCode)error.StrictStatus : HttpStatusCode.OK;
                failure = ErrorBody(error.ExceptionName, error.Message, error.ErrorCode);
            }
            catch (Exception unexpected) when (unexpected is not OperationCanceledException)
            {
                // A request the emulator cannot handle must not leave half a batch applied nor kill the server.
                _store.Rollback();
                results = [];
                failureStatus = strict ? HttpStatusCode.InternalServerError : HttpStatusCode.OK;
                failure = ErrorBody("ServerError", $"The emulator could not apply the batch: {unexpected.GetType().Name}: {unexpected.Message}", null);
            }

            if (failure is null && !changes.IsEmpty && changes.Build(_store, user, clientToken, pushToken) is { } updateEvent)
            {
                Interlocked.Increment(ref _events);
                _options.EventSink?.Publish(updateEvent);
            }
        }

        http.Response.StatusCode = (int)(failure is null ? HttpStatusCode.OK : failureStatus);
        http.Response.ContentType = "application/json";
        await WriteAsync(http, failure ?? (JsonNode)results, cancellationToken);
    }

    /// <summary>Applies one operation; its reply is produced after the whole batch (creates and updates show the final state).</summary>
    private Func<JsonNode?> Dispatch(JsonObject operation, OperationContext context, bool denormalize)
    {
        var action = FtrackValue.ReadString(operation["action"]) ?? "";
        Interlocked.Increment(ref _operations);
        _actionCounts.AddOrUpdate(action, 1, (_, n) => n + 1);
        if (action == "create")
        {
            return _store.Create(operation, context);
        }

        if (action == "update")
        {
            return _store.Update(operation, context);
        }

        JsonNode? reply = action switch
        {
            "query_server_information" => new JsonObject
            {
                ["version"] = "4.13.8.7000",
                ["schema_hash"] = _store.Model.SchemaHash,
                ["is_timezone_support_enabled"] = true,
                ["storage_scenario"] = new JsonObject { ["scenario"] = "ftrack.automatic", ["data"] = new JsonObject() },
            },
            "query_schemas" => _schemas.DeepClone(),
            "query" => _store.Query(FtrackValue.ReadString(operation["expression"]) ?? throw new EmulatorError("ValidationError", "A query needs an expression."), denormalize),
            "delete" => _store.Delete(operation, context),
            "get_upload_metadata" => FtrackValue.ReadInt64(operation["parts"]) is > 0 ? MultipartUploadMetadata(operation) : UploadMetadata(operation),
            "complete_multipart_upload" => CompleteMultipartUpload(operation),
            _ => throw new EmulatorError("ValueError", $"Invalid action u'{action}'"),
        };
        return () => reply;
    }

    private JsonObject UploadMetadata(JsonObject operation)
    {
        var componentId = FtrackValue.ReadString(operation["component_id"]) ?? throw new EmulatorError("ValidationError", "get_upload_metadata needs component_id.");
        var fileName = FtrackValue.ReadString(operation["file_name"]) ?? throw new EmulatorError("ValidationError", "get_upload_metadata needs file_name.");
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _uploadTokens[componentId] = token;
        var contentType = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".json" => "application/json",
            ".mov" => "video/quicktime",
            ".mp4" => "video/mp4",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            ".txt" or ".log" => "text/plain",
            _ => "application/octet-stream",
        };
        return new JsonObject
        {
            ["url"] = new Uri(BaseUrl, $"_upload/{Uri.EscapeDataString(componentId)}?token={token}").ToString(),
            ["headers"] = new JsonObject
            {
                ["Content-Length"] = (FtrackValue.ReadInt64(operation["file_size"]) ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Content-Type"] = contentType,
                ["Content-Disposition"] = $"attachment; filename=\"{fileName.Replace("\"", "", StringComparison.Ordinal)}\"",
            },
            ["component_id"] = componentId,
        };
    }

    /// <summary>
    /// <c>get_upload_metadata</c> with <c>parts</c> (the JS uploader's multi-part upload, ftrack-protocol.md §1.5): one
    /// signed URL per part and an <c>upload_id</c>; each PUT answers an <c>ETag</c>, and
    /// <c>complete_multipart_upload</c> joins the parts in order.
    /// </summary>
    private JsonObject MultipartUploadMetadata(JsonObject operation)
    {
        var componentId = FtrackValue.ReadString(operation["component_id"]) ?? throw new EmulatorError("ValidationError", "get_upload_metadata needs component_id.");
        var parts = FtrackValue.ReadInt64(operation["parts"]) ?? 0;
        if (parts > 10_000)
        {
            throw new EmulatorError("ValidationError", "A multi-part upload has at most 10000 parts.");
        }

        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _multipartUploads[uploadId] = new MultipartUpload(componentId, (int)parts, token);
        var urls = new JsonArray();
        for (var part = 1; part <= parts; part++)
        {
            urls.Add(new JsonObject
            {
                ["signed_url"] = new Uri(BaseUrl, $"_upload/{Uri.EscapeDataString(componentId)}/{uploadId}/{part}?token={token}").ToString(),
                ["part_number"] = part,
            });
        }

        return new JsonObject { ["component_id"] = componentId, ["urls"] = urls, ["upload_id"] = uploadId };
    }

    private JsonObject CompleteMultipartUpload(JsonObject operation)
    {
        var uploadId = FtrackValue.ReadString(operation["upload_id"]) ?? throw new EmulatorError("ValidationError", "complete_multipart_upload needs upload_id.");
        if (!_multipartUploads.TryGetValue(uploadId, out var upload))
        {
            throw new EmulatorError("ValidationError", $"No multi-part upload {uploadId}.");
        }

        var componentId = FtrackValue.ReadString(operation["component_id"]) ?? upload.ComponentId;
        if (componentId != upload.ComponentId)
        {
            throw new EmulatorError("ValidationError", $"Upload {uploadId} is for component {upload.ComponentId}, not {componentId}.");
        }

        var listed = (operation["parts"] as JsonArray ?? throw new EmulatorError("ValidationError", "complete_multipart_upload needs parts."))
            .Select(p => (Number: FtrackValue.ReadInt64(p?["part_number"]) ?? 0, ETag: FtrackValue.ReadString(p?["e_tag"])))
            .OrderBy(p => p.Number)
            .ToList();
        if (listed.Count != upload.Parts || listed.Select(p => p.Number).Distinct().Count() != upload.Parts)
        {
            throw new EmulatorError("ValidationError", $"Upload {uploadId} has {upload.Parts} parts; {listed.Count} were listed.");
        }

        using var joined = new MemoryStream();
        foreach (var (number, eTag) in listed)
        {
            if (!upload.Received.TryGetValue((int)number, out var bytes) || !string.Equals(eTag?.Trim('"'), ETagOf(bytes), StringComparison.Ordinal))
            {
                throw new EmulatorError("ValidationError", $"Part {number} of upload {uploadId} was not uploaded or its e_tag does not match.");
            }

            joined.Write(bytes);
        }

        _files[componentId] = joined.ToArray();
        _multipartUploads.TryRemove(uploadId, out _);
        return new JsonObject
        {
            ["action"] = "complete_multipart_upload",
            ["component_id"] = componentId,
            ["url"] = new Uri(BaseUrl, $"component/get?id={Uri.EscapeDataString(componentId)}").ToString(),
        };
    }

    private async Task HandlePartUploadAsync(HttpContext http, string componentId, string uploadId, int partNumber)
    {
        if (!_multipartUploads.TryGetValue(uploadId, out var upload) || upload.ComponentId != componentId
            || !string.Equals(http.Request.Query["token"], upload.Token, StringComparison.Ordinal) || partNumber < 1 || partNumber > upload.Parts)
        {
            http.Response.StatusCode = (int)HttpStatusCode.Forbidden;
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.ToArray();
        upload.Received[partNumber] = bytes;
        http.Response.Headers.ETag = $"\"{ETagOf(bytes)}\"";
        http.Response.StatusCode = (int)HttpStatusCode.OK;
    }

#pragma warning disable CA5351 // an S3-style ETag is the MD5 of the part; no security use.
    private static string ETagOf(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351

    private sealed record MultipartUpload(string ComponentId, int Parts, string Token)
    {
        public ConcurrentDictionary<int, byte[]> Received { get; } = new();
    }

    private async Task HandleUploadAsync(HttpContext http, string componentId)
    {
        if (!_uploadTokens.TryGetValue(componentId, out var token) || !string.Equals(http.Request.Query["token"], token, StringComparison.Ordinal))
        {
            http.Response.StatusCode = (int)HttpStatusCode.Forbidden;
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        _files[componentId] = buffer.ToArray();
        http.Response.StatusCode = (int)HttpStatusCode.OK;
    }

    private async Task HandleDownloadAsync(HttpContext http)
    {
        if (!IsValidKey(http.Request.Query["username"].ToString(), http.Request.Query["apiKey"].ToString()))
        {
            http.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
            return;
        }

        if (!_files.TryGetValue(http.Request.Query["id"].ToString(), out var bytes))
        {
            http.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return;
        }

        http.Response.ContentType = "application/octet-stream";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private bool IsValidKey(string username, string key) =>
        username.Length > 0 && key.Length > 0 && _apiKeys.TryGetValue(username, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(key));

    private bool TryTakeInjectedFailure()
    {
        while (true)
        {
            var current = Volatile.Read(ref _failuresToInject);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failuresToInject, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private static JsonObject ErrorBody(string exception, string content, string? errorCode) => new()
    {
        ["exception"] = exception,
        ["content"] = content,
        ["error_code"] = errorCode,
    };

    private static Task WriteErrorAsync(HttpContext http, HttpStatusCode status, string exception, string content, string? errorCode)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        return WriteAsync(http, ErrorBody(exception, content, errorCode), http.RequestAborted);
    }

    private static Task WriteAsync(HttpContext http, JsonNode body, CancellationToken cancellationToken) =>
        http.Response.WriteAsync(body.ToJsonString(), cancellationToken);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
