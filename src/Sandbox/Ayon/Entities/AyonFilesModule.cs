using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Project files, thumbnail downloads and reviewables as the real server serves them:
/// <c>GET|PUT /api/projects/{p}/thumbnails/{id}</c> (manager only; a missing thumbnail is a 203 1×1 PNG with the default
/// <c>placeholder=empty</c>, a 404 with <c>placeholder=none</c>), <c>POST /api/projects/{p}/files</c> (<c>x-file-name</c>,
/// optional <c>x-file-id</c>, <c>x-activity-id</c>; 201 <c>{id}</c>), <c>GET|DELETE /api/projects/{p}/files/{id}</c>, and
/// <c>POST|GET /api/projects/{p}/versions/{id}/reviewables</c>: the upload stores the file with its media info (see
/// <see cref="MediaProbe"/>; none = 400 as when ffprobe fails), creates a <c>reviewable</c> activity on the version and
/// emits <c>activity.created</c> then <c>reviewable.created</c> (ayon-protocol.md §4.4).
/// </summary>
internal sealed partial class AyonFilesModule : IAyonEmulatorModule
{
    public const string Files = "files";

    /// <summary>A 1×1 transparent PNG, the server's "empty" placeholder.</summary>
    internal static readonly byte[] EmptyPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private const long MaxFileBytes = 64 * 1024 * 1024;

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9!#$&^_.+-]+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MimeTypePart();

    /// <summary>dep_thumbnail_content_type: no type ⇒ 400, another than PNG or JPEG ⇒ 415.</summary>
    internal static IResult ThumbnailMediaError(string? mime) => string.IsNullOrEmpty(mime)
        ? AyonHttp.Error(400, "Thumbnail content type is required")
        : AyonHttp.Error(415, "Thumbnail must be in png or jpeg format");

    public int Order => 20;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapGet("/api/projects/{projectName}/thumbnails/{thumbnailId}", async (string projectName, string thumbnailId, HttpContext http, CancellationToken cancellationToken) =>
        {
            RequireManager(http, "Only managers can access arbitrary thumbnails");
            var thumbnail = await emulator.Store.ReadAsync(db => new SqliteEntityStore(db).GetDocument(EntityCollections.Thumbnails, projectName, thumbnailId), cancellationToken);
            if (thumbnail is not null)
            {
                http.Response.Headers["X-Thumbnail-Id"] = thumbnailId;
                http.Response.Headers.CacheControl = "max-age=3600";
                return Results.Bytes(Convert.FromBase64String(EntityEngine.Str(thumbnail, "data") ?? ""), EntityEngine.Str(thumbnail, "mimeType") ?? "image/png");
            }

            if ((http.Request.Query["placeholder"].FirstOrDefault() ?? "empty") == "empty")
            {
                http.Response.StatusCode = 203;
                http.Response.ContentType = "image/png";
                http.Response.Headers.CacheControl = "max-age=3600";
                await http.Response.Body.WriteAsync(EmptyPng, cancellationToken);
                return Results.Empty;
            }

            return AyonHttp.Error(404, "Thumbnail not found");
        });

        routes.MapPut("/api/projects/{projectName}/thumbnails/{thumbnailId}", async (string projectName, string thumbnailId, HttpContext http, CancellationToken cancellationToken) =>
        {
            RequireManager(http, "Only managers can update arbitrary thumbnails");
            EntityRequests.RequireId(thumbnailId, "thumbnailId");
            var mime = ContentType(http);
            if (mime is not ("image/png" or "image/jpeg"))
            {
                return ThumbnailMediaError(mime);
            }

            var bytes = await ReadBodyAsync(http, cancellationToken);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                engine.RequireProject(projectName);
                engine.Store.PutDocument(EntityCollections.Thumbnails, projectName, thumbnailId, Thumbnail(thumbnailId, mime, bytes, actor.User, engine.Now()));
                return (true, (IReadOnlyList<EntityEventDraft>)[]);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = thumbnailId, ["affectedEntities"] = null });
        });

        routes.MapPost("/api/projects/{projectName}/files", async (string projectName, HttpContext http, CancellationToken cancellationToken) =>
        {
            var fileName = http.Request.Headers["x-file-name"].FirstOrDefault();
            if (string.IsNullOrEmpty(fileName))
            {
                return AyonHttp.ValidationError(http, "header x-file-name is required");
            }

            // dep_x_content_type: any "type/subtype" with a plain type part; BadRequestException bodies are {code, detail}.
            var mime = ContentType(http);
            if (mime is null || mime.Split('/') is not [var type, { Length: > 0 }] || !MimeTypePart().IsMatch(type))
            {
                return AyonHttp.Error(400, "Invalid content type");
            }

            var fileId = http.Request.Headers["x-file-id"].FirstOrDefault()?.Replace("-", "", StringComparison.Ordinal) ?? EntityNames.NewId();
            if (fileId.Length != 32)
            {
                return AyonHttp.Error(400, "Invalid file ID");
            }

            var activityId = http.Request.Headers["x-activity-id"].FirstOrDefault();
            var bytes = await ReadBodyAsync(http, cancellationToken);
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                engine.RequireProject(projectName);
                engine.Store.PutDocument(Files, projectName, fileId, FileDocument(fileId, fileName, mime, bytes, actor.User, activityId, null, engine.Now()));
                return (true, (IReadOnlyList<EntityEventDraft>)[]);
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["id"] = fileId }, 201);
        });

        routes.MapGet("/api/projects/{projectName}/files/{fileId}", async (string projectName, string fileId, HttpContext http, CancellationToken cancellationToken) =>
        {
            var file = await emulator.Store.ReadAsync(db => new SqliteEntityStore(db).GetDocument(Files, projectName, fileId), cancellationToken);
            if (file is null)
            {
                return AyonHttp.Error(404, "File not found");
            }

            http.Response.Headers.ContentDisposition = $"inline; filename=\"{EntityEngine.Str(file, "filename")}\"";
            return Results.Bytes(Convert.FromBase64String(EntityEngine.Str(file, "data") ?? ""), EntityEngine.Str(file, "mime") ?? "application/octet-stream");
        });

        routes.MapDelete("/api/projects/{projectName}/files/{fileId}", async (string projectName, string fileId, HttpContext http, CancellationToken cancellationToken) =>
        {
            await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var file = engine.Store.GetDocument(Files, projectName, fileId) ?? throw EntityMutationException.NotFound("File not found");
                if (!actor.IsManager && EntityEngine.Str(file, "author") != actor.User)
                {
                    throw EntityMutationException.Forbidden("User does not have permission to delete the file");
                }

                engine.Store.DeleteDocument(Files, projectName, fileId);
                return (true, (IReadOnlyList<EntityEventDraft>)[]);
            }, cancellationToken);
            return Results.NoContent();
        });

        routes.MapPost("/api/projects/{projectName}/versions/{versionId}/reviewables", async (string projectName, string versionId, HttpContext http, CancellationToken cancellationToken) =>
        {
            var fileName = http.Request.Headers["x-file-name"].FirstOrDefault();
            if (string.IsNullOrEmpty(fileName))
            {
                return AyonHttp.ValidationError(http, "header x-file-name is required");
            }

            // upload_reviewable loads the version before it looks at the media type: an unknown version is a 404 first.
            var versionExists = await EntityRequests.ReadAsync(emulator, (engine, _) =>
            {
                engine.RequireProject(projectName);
                return engine.Store.Get(projectName, EntityKind.Version, versionId) is not null;
            }, cancellationToken);
            if (!versionExists)
            {
                throw new AyonHttpException(404, $"Entity {versionId} not found");
            }

            var mime = ContentType(http) ?? "";
            if (!mime.StartsWith("video/", StringComparison.Ordinal) && !mime.StartsWith("image/", StringComparison.Ordinal) && mime != "application/mxf")
            {
                throw new AyonHttpException(400, "Only videos and images are supported for reviewables now");
            }

            var label = http.Request.Query["label"].FirstOrDefault();
            var bytes = await ReadBodyAsync(http, cancellationToken);
            var mediaInfo = MediaProbe.Probe(bytes) ?? throw new AyonHttpException(400, "Failed to extract media info");
            var reviewable = await EntityRequests.WriteAsync(emulator, http, (engine, actor, _) =>
            {
                var (model, events) = CreateReviewable(engine, projectName, versionId, fileName, mime, label, bytes, mediaInfo, actor.User);
                return (model, events);
            }, cancellationToken);
            return AyonHttp.Json(reviewable);
        });

        routes.MapGet("/api/projects/{projectName}/versions/{versionId}/reviewables", async (string projectName, string versionId, CancellationToken cancellationToken) =>
        {
            var result = await EntityRequests.ReadAsync(emulator, (engine, _) => VersionReviewables(engine, projectName, versionId), cancellationToken);
            return AyonHttp.Json(result);
        });
    }

    /// <summary>
    /// Stores a reviewable file on a version with its activity, and returns the server's reviewable model with the
    /// <c>activity.created</c> and <c>reviewable.created</c> events.
    /// </summary>
    internal static (JsonObject Model, IReadOnlyList<EntityEventDraft> Events) CreateReviewable(
        EntityEngine engine, string projectName, string versionId, string fileName, string mime, string? label, byte[] bytes, JsonObject mediaInfo, string user)
    {
        engine.RequireProject(projectName);
        var version = engine.Store.Get(projectName, EntityKind.Version, versionId) ?? throw EntityMutationException.NotFound($"Entity {versionId} not found");
        var fileId = EntityNames.NewId();
        var activityId = EntityNames.NewId();
        var now = engine.Now();
        engine.Store.PutDocument(Files, projectName, fileId, FileDocument(fileId, fileName, mime, bytes, user, activityId, mediaInfo, now));
        var activity = new JsonObject
        {
            ["id"] = activityId,
            ["activityType"] = "reviewable",
            ["body"] = $"Uploaded a reviewable '{label ?? fileName}'",
            ["entityType"] = "version",
            ["entityId"] = versionId,
            ["author"] = user,
            ["data"] = new JsonObject { ["reviewableLabel"] = label, ["author"] = user },
            ["tags"] = new JsonArray(),
            ["files"] = new JsonArray(fileId),
            ["createdAt"] = now,
            ["updatedAt"] = now,
        };
        engine.Store.PutDocument(EntityCollections.Activities, projectName, activityId, activity);
        var summary = new JsonObject
        {
            ["fileId"] = fileId,
            ["versionId"] = versionId,
            ["productId"] = version["productId"]?.DeepClone(),
            ["activityId"] = activityId,
            ["size"] = bytes.Length,
            ["filename"] = fileName,
            ["label"] = label,
            ["mimetype"] = mime,
        };
        var activityEvent = new EntityEventDraft("activity.created", projectName, $"activity.created {activityId}", new JsonObject
        {
            ["activity_id"] = activityId,
            ["activity_type"] = "reviewable",
            ["references"] = new JsonArray(new JsonObject { ["entity_type"] = "version", ["entity_id"] = versionId, ["reference_type"] = "origin" }),
        }, new JsonObject { ["body"] = activity["body"]?.DeepClone() });
        var reviewableEvent = new EntityEventDraft("reviewable.created", projectName, $"Reviewable '{fileName}' uploaded", summary, []);
        return (Model(fileId, activityId, fileName, label, mime, mediaInfo, user), [activityEvent, reviewableEvent]);
    }

    private static JsonObject VersionReviewables(EntityEngine engine, string projectName, string versionId)
    {
        engine.RequireProject(projectName);
        var version = engine.Store.Get(projectName, EntityKind.Version, versionId) ?? throw EntityMutationException.NotFound($"Entity {versionId} not found");
        var product = EntityEngine.Str(version, "productId") is { } productId ? engine.Store.Get(projectName, EntityKind.Product, productId) : null;
        var reviewables = new JsonArray();
        foreach (var activity in engine.Store.ListDocuments(EntityCollections.Activities, projectName)
                     .Where(a => EntityEngine.Str(a, "activityType") == "reviewable" && EntityEngine.Str(a, "entityId") == versionId))
        {
            foreach (var fileId in (activity["files"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).OfType<string>())
            {
                if (engine.Store.GetDocument(Files, projectName, fileId) is { } file)
                {
                    reviewables.Add(Model(
                        fileId,
                        EntityEngine.Str(activity, "id") ?? "",
                        EntityEngine.Str(file, "filename") ?? "",
                        activity["data"]?["reviewableLabel"]?.GetValue<string>(),
                        EntityEngine.Str(file, "mime") ?? "",
                        file["mediaInfo"] as JsonObject ?? [],
                        EntityEngine.Str(activity, "author") ?? ""));
                }
            }
        }

        return new JsonObject
        {
            ["id"] = versionId,
            ["name"] = $"v{version["version"]?.GetValue<int>():000}",
            ["version"] = version["version"]?.DeepClone(),
            ["status"] = version["status"]?.DeepClone(),
            ["productId"] = version["productId"]?.DeepClone(),
            ["productName"] = product?["name"]?.DeepClone(),
            ["productType"] = product?["productType"]?.DeepClone(),
            ["reviewables"] = reviewables,
        };
    }

    private static JsonObject Model(string fileId, string activityId, string fileName, string? label, string mime, JsonObject mediaInfo, string user) => new()
    {
        ["fileId"] = fileId,
        ["activityId"] = activityId,
        ["filename"] = fileName,
        ["label"] = label,
        ["mimetype"] = mime,
        ["availability"] = Availability(mediaInfo),
        ["mediaInfo"] = mediaInfo.DeepClone(),
        ["createdFrom"] = null,
        ["processing"] = null,
        ["author"] = new JsonObject { ["name"] = user, ["fullName"] = null },
    };

    /// <summary>The server's availability rule (helpers/ffprobe.py availability_from_media_info): images of mjpeg/png/webp and h264/vp9 mp4 files with i-frames only are ready.</summary>
    private static string Availability(JsonObject mediaInfo)
    {
        if (mediaInfo["videoTrackIndex"] is null)
        {
            return "unknown";
        }

        var codec = mediaInfo["codec"]?.GetValue<string>() ?? "unknown";
        var duration = mediaInfo["duration"]?.GetValue<double>() ?? 0;
        if (duration == 0)
        {
            return codec is "mjpeg" or "png" or "webp" ? "ready" : "conversionRequired";
        }

        if (codec is not ("h264" or "vp9"))
        {
            return "conversionRequired";
        }

        // A QuickTime brand is worth converting; an unknown brand (older servers' media info) passes as mp4; any other fails.
        switch ((mediaInfo["majorBrand"]?.GetValue<string>() ?? "unknown").Trim())
        {
            case "mp42" or "isom" or "unknown" or "":
                break;
            case "qt":
                return "conversionRecommended";
            default:
                return "conversionRequired";
        }

        return mediaInfo["iframeOnly"]?.GetValue<bool>() == true ? "ready" : "conversionRecommended";
    }

    internal static JsonObject Thumbnail(string id, string mime, byte[] bytes, string user, string now) => new()
    {
        ["id"] = id,
        ["mimeType"] = mime,
        ["size"] = bytes.Length,
        ["data"] = Convert.ToBase64String(bytes),
        ["createdBy"] = user,
        ["createdAt"] = now,
    };

    private static JsonObject FileDocument(string id, string fileName, string mime, byte[] bytes, string user, string? activityId, JsonObject? mediaInfo, string now) => new()
    {
        ["id"] = id,
        ["filename"] = fileName,
        ["mime"] = mime,
        ["size"] = bytes.Length,
        ["author"] = user,
        ["activityId"] = activityId,
        ["mediaInfo"] = mediaInfo?.DeepClone(),
        ["data"] = Convert.ToBase64String(bytes),
        ["createdAt"] = now,
    };

    private static void RequireManager(HttpContext http, string message)
    {
        if (!http.Ayon().IsManager)
        {
            throw new AyonHttpException(403, message);
        }
    }

    private static string? ContentType(HttpContext http) => http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0 || buffer.Length > MaxFileBytes)
        {
            throw new AyonBadRequestException("The uploaded body must be non-empty and at most 64 MiB");
        }

        return buffer.ToArray();
    }
}
