namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Puts ftrack's authentication headers on every request (ftrack-protocol.md §1.1) and points the
/// request at the server of the credentials in use, which are known only at run time.
/// </summary>
public sealed class FtrackAuthHandler(FtrackConnection connection) : DelegatingHandler
{
    /// <summary>The placeholder base address the Refit client is registered with; replaced per request.</summary>
    public static readonly Uri PlaceholderBaseAddress = new("http://ftrack.invalid/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credentials = connection.Required;
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = Rebase(uri, credentials.ServerUrl);
        }

        var headers = request.Headers;
        headers.Remove("ftrack-user");
        headers.Remove("ftrack-api-key");
        headers.TryAddWithoutValidation("ftrack-user", credentials.ApiUser);
        headers.TryAddWithoutValidation("ftrack-api-key", credentials.ApiKey);
        if (!headers.Contains("ftrack-strict-api"))
        {
            headers.TryAddWithoutValidation("ftrack-strict-api", "false");
        }

        if (!headers.Contains("ftrack-clienttoken"))
        {
            headers.TryAddWithoutValidation("ftrack-clienttoken", connection.ClientToken);
        }

        if (headers.Accept.Count == 0)
        {
            headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Moves the path and query of <paramref name="uri"/> under <paramref name="serverUrl"/> (any path prefix kept).</summary>
    internal static Uri Rebase(Uri uri, Uri serverUrl)
    {
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        if (uri.IsAbsoluteUri && !string.Equals(uri.Host, PlaceholderBaseAddress.Host, StringComparison.OrdinalIgnoreCase))
        {
            return uri;
        }

        var root = serverUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + "/" + pathAndQuery.TrimStart('/'), UriKind.Absolute);
    }
}
