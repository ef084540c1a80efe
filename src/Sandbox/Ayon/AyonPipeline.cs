using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Microsoft.AspNetCore.Authorization;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// The emulator's HTTP pipeline: request counters and fault injection, <c>X-Request-ID</c>, AYON error
/// mapping, then authentication and the context headers (ayon-protocol.md §1.2, §1.3) before the endpoints.
/// </summary>
internal static class AyonPipeline
{
    public static void Configure(WebApplication app, AyonEmulator emulator, AyonFaults faults)
    {
        app.Use(async (http, next) =>
        {
            var method = http.Request.Method;
            var path = http.Request.Path.Value ?? "/";
            faults.Count(method, path);
            http.Response.Headers["X-Request-ID"] = AyonIds.New();
            if (faults.Match(method, path) is { } fault)
            {
                if (fault.Delay is { } delay)
                {
                    await Task.Delay(delay, TimeProvider.System, http.RequestAborted);
                }

                if (fault.Abort)
                {
                    http.Abort();
                    return;
                }

                if (fault.StatusCode is { } status)
                {
                    await AyonHttp.Error(status, $"Injected fault {status}").ExecuteAsync(http);
                    return;
                }
            }

            try
            {
                await next(http);
            }
            catch (AyonBadRequestException ex) when (!http.Response.HasStarted)
            {
                await AyonHttp.ValidationError(http, ex.Message).ExecuteAsync(http);
            }
            catch (AyonHttpException ex) when (!http.Response.HasStarted)
            {
                await AyonHttp.Error(ex.Status, ex.Message).ExecuteAsync(http);
            }
            catch (JsonException ex) when (!http.Response.HasStarted)
            {
                await AyonHttp.ValidationError(http, ex.Message).ExecuteAsync(http);
            }
            catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
            {
                await AyonHttp.ValidationError(http, ex.Message).ExecuteAsync(http);
            }
            catch (Exception ex) when (!http.Response.HasStarted && ex is not OperationCanceledException)
            {
                await AyonHttp.Error(500, "Internal server error: " + ex.Message).ExecuteAsync(http);
            }
        });

        app.UseWebSockets();
        app.UseRouting();
        app.Use(async (http, next) =>
        {
            var result = await AuthenticateAsync(http, emulator);
            if (result is not null)
            {
                await result.ExecuteAsync(http);
                return;
            }

            await next(http);
        });
    }

    /// <summary>Unknown routes: 404 with the AYON body.</summary>
    public static void MapFallback(WebApplication app) =>
        app.MapFallback((HttpContext http) =>
        {
            var path = http.Request.Path.Value ?? "/";
            return AyonHttp.Json(new JsonObject
            {
                ["code"] = 404,
                ["detail"] = path.StartsWith("/api", StringComparison.Ordinal) ? $"API endpoint {path} not found" : "Not found",
                ["path"] = path,
            }, 404);
        }).AllowAnonymous();

    /// <summary>
    /// Sets the request context; returns an error result to answer instead, or null to continue. As ayon-backend's
    /// <c>AuthMiddleware</c>: an API key (<c>x-api-key</c> or <c>Authorization: ApiKey</c>) opens a session whose token is
    /// the key itself, so the same key also works later as <c>Authorization: Bearer</c>; any other Bearer token is an
    /// unknown session. Routes with optional authentication (<c>dep_current_user_optional</c>: <c>/</c>, <c>/api/info</c>,
    /// public files) treat every failed authentication as anonymous; the others answer 401 with the reason.
    /// </summary>
    private static async Task<IResult?> AuthenticateAsync(HttpContext http, AyonEmulator emulator)
    {
        var anonymousAllowed = http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        var key = ApiKeyOf(http.Request);
        var bearer = key is null ? BearerOf(http.Request) : null;
        if (key is null && bearer is not null && emulator.Sessions.IsOpen(bearer))
        {
            key = bearer;
        }

        if (key is null)
        {
            if (anonymousAllowed)
            {
                return null;
            }

            return AyonHttp.Error(401, bearer is not null ? "Invalid session" : "Access token is missing");
        }

        var asUser = http.Request.Headers["x-as-user"].ToString();
        var (owner, acting) = await emulator.Credentials.FindAsync(emulator.Store, key, asUser, http.RequestAborted);
        if (owner is null || !owner.Active)
        {
            return anonymousAllowed ? null : AyonHttp.Error(401, bearer is not null ? "Invalid session" : "Invalid API key");
        }

        emulator.Sessions.Open(key);
        if (acting is null)
        {
            // Impersonating a missing user fails on the real server with an unhandled error; the emulator answers 401.
            return AyonHttp.Error(401, "Impersonated user does not exist");
        }

        var sender = http.Request.Headers["x-sender"].ToString();
        var senderTypeHeader = http.Request.Headers.TryGetValue("x-sender-type", out var senderTypeValues) ? senderTypeValues.ToString() : null;
        http.Items[AyonRequestContextExtensions.ItemKey] = new AyonRequestContext
        {
            User = acting,
            KeyOwner = owner,
            Sender = sender.Length > 0 && AyonNames.EntityName().IsMatch(sender) ? sender : null,
            SenderType = senderTypeHeader is not null && AyonNames.EntityName().IsMatch(senderTypeHeader) ? senderTypeHeader : "api",
            SenderTypeHeader = senderTypeHeader,
        };
        return null;
    }

    /// <summary>The token of <c>Authorization: Bearer TOKEN</c> (two words, as <c>parse_access_token</c> splits it), or null.</summary>
    private static string? BearerOf(HttpRequest request)
    {
        var parts = request.Headers.Authorization.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0].Equals("bearer", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
    }

    private static string? ApiKeyOf(HttpRequest request)
    {
        var header = request.Headers["x-api-key"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        const string scheme = "ApiKey ";
        return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? authorization[scheme.Length..].Trim()
            : null;
    }
}
