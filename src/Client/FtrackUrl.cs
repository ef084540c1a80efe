namespace AyonFtrack.Client;

/// <summary>
/// Resolves the ftrack URL from settings as the original does (behaviour reference C-01): trimmed, <c>https://</c>
/// when no scheme is given, accepted when a GET without redirects answers 200 with an <c>FTRACK_VERSION</c> header,
/// else <c>&lt;url&gt;.ftrackapp.com</c> is tried the same way.
/// </summary>
public static class FtrackUrl
{
    public const string VersionHeader = "FTRACK_VERSION";

    /// <summary>The candidates in the order they are tried.</summary>
    public static IReadOnlyList<Uri> Candidates(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var url = configured.Trim().Trim('/', ' ');
        if (url.Length == 0)
        {
            return [];
        }

        if (!url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            url = "https://" + url;
        }

        var candidates = new List<Uri>();
        if (Uri.TryCreate(url, UriKind.Absolute, out var first))
        {
            candidates.Add(first);
        }

        if (!url.EndsWith("ftrackapp.com", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url + ".ftrackapp.com", UriKind.Absolute, out var hosted))
        {
            candidates.Add(hosted);
        }

        return candidates;
    }

    /// <summary>The first candidate that answers as an ftrack server, or null (each failure is added to <paramref name="failures"/>).</summary>
    public static async Task<Uri?> ResolveAsync(HttpClient http, string configured, List<string> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(failures);
        foreach (var candidate in Candidates(configured))
        {
            try
            {
                using var response = await http.GetAsync(candidate, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == System.Net.HttpStatusCode.OK && response.Headers.Contains(VersionHeader))
                {
                    return candidate;
                }

                failures.Add($"{candidate}: HTTP {(int)response.StatusCode}{(response.Headers.Contains(VersionHeader) ? "" : $", no {VersionHeader} header")}");
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{candidate}: {ex.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{candidate}: no answer in time");
            }
        }

        return null;
    }
}
