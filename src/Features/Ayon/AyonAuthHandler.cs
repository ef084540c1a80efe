using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// Adds the AYON authentication and context headers to every request: <c>x-api-key</c> (or, with
/// <see cref="AyonAuthorization.Bearer"/>, <c>Authorization: Bearer</c>, see there), and when configured
/// <c>x-sender-type</c> and <c>x-sender</c>; inside an <see cref="AyonImpersonation"/> scope also <c>x-as-user</c>.
/// The key is only ever written into the header, never logged.
/// </summary>
public sealed class AyonAuthHandler(IOptions<AyonOptions> options) : DelegatingHandler
{
    public const string ApiKeyHeader = "x-api-key";
    public const string SenderTypeHeader = "x-sender-type";
    public const string SenderHeader = "x-sender";
    public const string AsUserHeader = "x-as-user";

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var headers = request.Headers;
        headers.Remove(ApiKeyHeader);
        if (o.Authorization == AyonAuthorization.Bearer)
        {
            headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", o.ApiKey);
        }
        else
        {
            headers.TryAddWithoutValidation(ApiKeyHeader, o.ApiKey);
        }

        if (!string.IsNullOrEmpty(o.SenderType) && !headers.Contains(SenderTypeHeader))
        {
            headers.TryAddWithoutValidation(SenderTypeHeader, o.SenderType);
        }

        if (!string.IsNullOrEmpty(o.Sender) && !headers.Contains(SenderHeader))
        {
            headers.TryAddWithoutValidation(SenderHeader, o.Sender);
        }

        if (AyonImpersonation.Current is { } user && !headers.Contains(AsUserHeader))
        {
            headers.TryAddWithoutValidation(AsUserHeader, user);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (o.Authorization == AyonAuthorization.Bearer && response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // Not a session token (yet): the key as an API key, once; the server then opens its session.
            response.Dispose();
            headers.TryAddWithoutValidation(ApiKeyHeader, o.ApiKey);
            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }
}

/// <summary>
/// Runs AYON calls as another user (service keys only, ayon-protocol.md §1.2): every request made
/// inside <c>using (AyonImpersonation.As("jdoe")) { ... }</c> on the same async flow carries <c>x-as-user</c>.
/// </summary>
public static class AyonImpersonation
{
    private static readonly AsyncLocal<string?> CurrentUser = new();

    /// <summary>The user requests are impersonating on this async flow, or null.</summary>
    public static string? Current => CurrentUser.Value;

    /// <summary>Starts impersonating <paramref name="userName"/> until the returned scope is disposed.</summary>
    public static IDisposable As(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        var previous = CurrentUser.Value;
        CurrentUser.Value = userName;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentUser.Value = previous;
    }
}
