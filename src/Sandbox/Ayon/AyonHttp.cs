using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>Helpers for emulator endpoints: AYON error bodies and JSON request bodies.</summary>
public static class AyonHttp
{
    /// <summary>An AYON error <c>{"code", "detail"}</c> with status <paramref name="status"/>.</summary>
    public static IResult Error(int status, string detail) =>
        Json(new JsonObject { ["code"] = status, ["detail"] = detail }, status);

    /// <summary>The AYON request-validation error (400, not 422) for <paramref name="http"/>'s route.</summary>
    public static IResult ValidationError(HttpContext http, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value ?? "";
        return Json(new JsonObject
        {
            ["code"] = 400,
            ["detail"] = $"Request validation error in [{http.Request.Method}] {path}",
            ["path"] = path,
            ["errors"] = new JsonArray(new JsonObject { ["msg"] = detail }),
        }, 400);
    }

    /// <summary>A JSON body (no null-omission: the node is written as built).</summary>
    public static IResult Json(JsonNode? node, int status = 200) =>
        Results.Content(node?.ToJsonString(WireOptions) ?? "null", "application/json", statusCode: status);

    private static readonly JsonSerializerOptions WireOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the body as a JSON object; on malformed JSON or a non-object returns a 400 result instead.</summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            return node is JsonObject o ? (o, null) : (null, ValidationError(http, "body must be a JSON object"));
        }
        catch (JsonException ex)
        {
            return (null, ValidationError(http, "malformed JSON body: " + ex.Message));
        }
    }

    /// <summary>A body field read by its camelCase alias or its snake_case name.</summary>
    public static JsonNode? Field(this JsonObject body, string camelName, string? snakeName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.TryGetPropertyValue(camelName, out var value))
        {
            return value;
        }

        return snakeName is not null && body.TryGetPropertyValue(snakeName, out var snake) ? snake : null;
    }

    /// <summary>True when the body carries the field (by alias or snake name), even with a null value.</summary>
    public static bool HasField(this JsonObject body, string camelName, string? snakeName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.ContainsKey(camelName) || (snakeName is not null && body.ContainsKey(snakeName));
    }

    /// <summary>A string field; throws <see cref="AyonBadRequestException"/> when present with another type.</summary>
    public static string? StringField(this JsonObject body, string camelName, string? snakeName = null) =>
        body.Field(camelName, snakeName) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new AyonBadRequestException($"{camelName} must be a string"),
        };

    /// <summary>A boolean field; throws <see cref="AyonBadRequestException"/> when present with another type.</summary>
    public static bool? BoolField(this JsonObject body, string camelName, string? snakeName = null) =>
        body.Field(camelName, snakeName) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new AyonBadRequestException($"{camelName} must be a boolean"),
        };

    /// <summary>An integer field; throws <see cref="AyonBadRequestException"/> when present with another type.</summary>
    public static int? IntField(this JsonObject body, string camelName, string? snakeName = null) =>
        body.Field(camelName, snakeName) switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) => (int)d,
            _ => throw new AyonBadRequestException($"{camelName} must be an integer"),
        };

    /// <summary>An object field; throws <see cref="AyonBadRequestException"/> when present with another type.</summary>
    public static JsonObject? ObjectField(this JsonObject body, string camelName, string? snakeName = null) =>
        body.Field(camelName, snakeName) switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new AyonBadRequestException($"{camelName} must be an object"),
        };
}

/// <summary>Thrown by endpoint code for invalid input; the emulator answers the AYON 400 validation error.</summary>
public sealed class AyonBadRequestException : Exception
{
    public AyonBadRequestException()
    {
    }

    public AyonBadRequestException(string message) : base(message)
    {
    }

    public AyonBadRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>Thrown by endpoint code to answer an AYON error <c>{code, detail}</c> with <see cref="Status"/>.</summary>
public sealed class AyonHttpException : Exception
{
    public AyonHttpException()
    {
    }

    public AyonHttpException(string message) : base(message)
    {
    }

    public AyonHttpException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AyonHttpException(int status, string detail) : base(detail) => Status = status;

    /// <summary>The HTTP status (and error code) to answer.</summary>
    public int Status { get; } = 500;
}
