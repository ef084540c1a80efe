using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// The ftrack web application's pages that clients use:
/// <list type="bullet">
/// <item>the root answers 200 with an <c>FTRACK_VERSION</c> header, which is how ayon-ftrack's launcher addon
/// recognises an ftrack server (<c>resolve_ftrack_url</c>: a GET without redirects, 200 and that header);</item>
/// <item><c>/user/api_credentials?redirect_url=...</c>, the page desktop tools (ayon-ftrack's <c>login_tools.py</c>,
/// ftrack Connect's) open in the browser: the user signs in and the server redirects the browser to
/// <c>redirect_url</c> with the query parameters <c>api_user</c> (the username) and <c>api_key</c> (that user's personal
/// API key) added, keeping the redirect URL's own path and query.</item>
/// </list>
/// ftrack's server code is not public. The redirect's shape is what its clients read back; which redirect URLs it
/// accepts is not documented, so the emulator is strict: <c>http</c> to a loopback host only (<c>localhost</c>,
/// <c>127.0.0.0/8</c>, <c>[::1]</c>), no user info, no fragment. Anything else is refused with 400 before a form is
/// shown, so the page can never hand a key to another site.
/// </summary>
internal static class FtrackWebPages
{
    public const string Version = "4.13.8.7000";
    public const string ApiCredentialsPath = "/user/api_credentials";

    public static void Map(WebApplication app, FtrackEmulator emulator)
    {
        app.MapGet("/", (HttpContext http) =>
        {
            http.Response.Headers["FTRACK_VERSION"] = Version;
            return Results.Content("<!DOCTYPE html><html><head><title>ftrack</title></head><body>ftrack emulator</body></html>", "text/html");
        });
        app.MapGet(ApiCredentialsPath, (HttpContext http) =>
        {
            var redirect = http.Request.Query["redirect_url"];
            var problem = RedirectProblem(redirect);
            return problem is not null
                ? Page(StatusCodes.Status400BadRequest, "Cannot sign in", $"<p role=\"alert\" id=\"error\">{Html(problem)}</p>")
                : SignInForm(StatusCodes.Status200OK, redirect.ToString(), null, null);
        });
        app.MapPost(ApiCredentialsPath, async (HttpContext http) =>
        {
            if (!http.Request.HasFormContentType)
            {
                return Page(StatusCodes.Status415UnsupportedMediaType, "Cannot sign in", "<p role=\"alert\" id=\"error\">The sign-in form is sent as a form.</p>");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var redirect = form["redirect_url"];
            var problem = RedirectProblem(redirect);
            if (problem is not null)
            {
                return Page(StatusCodes.Status400BadRequest, "Cannot sign in", $"<p role=\"alert\" id=\"error\">{Html(problem)}</p>");
            }

            var username = form["username"].ToString().Trim();
            var apiKey = emulator.SignIn(username, form["password"].ToString());
            if (apiKey is null)
            {
                return SignInForm(StatusCodes.Status401Unauthorized, redirect.ToString(), username, "Invalid username or password.");
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.Redirect(QueryHelpers.AddQueryString(redirect.ToString(), new Dictionary<string, string?> { ["api_user"] = username, ["api_key"] = apiKey }));
        });
    }

    /// <summary>Why a <c>redirect_url</c> is refused, or null when it is one loopback <c>http</c> URL.</summary>
    internal static string? RedirectProblem(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return "redirect_url is missing: this page gives API credentials to a desktop application that names its local address.";
        }

        if (values.Count > 1)
        {
            return "redirect_url is given more than once.";
        }

        var value = values[0]!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            return "redirect_url must be an http:// address on this computer (localhost).";
        }

        var loopback = url.IsLoopback && (url.HostNameType != UriHostNameType.Dns || string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase));
        if (!loopback || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            return "redirect_url must point to localhost (127.0.0.1 or ::1) without user info or fragment; API credentials are only given to applications on this computer.";
        }

        return null;
    }

    private static IResult SignInForm(int status, string redirectUrl, string? username, string? error)
    {
        var body = new StringBuilder()
            .Append("<p>A desktop application on this computer asks for your API credentials. Sign in to give them.</p>")
            .Append(error is null ? "" : $"<p role=\"alert\" id=\"error\">{Html(error)}</p>")
            .Append($"<form method=\"post\" action=\"{ApiCredentialsPath}\">")
            .Append($"<input type=\"hidden\" name=\"redirect_url\" value=\"{Html(redirectUrl)}\">")
            .Append($"<label>Username <input id=\"username\" name=\"username\" autocomplete=\"username\" value=\"{Html(username ?? "")}\"></label>")
            .Append("<label>Password <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>")
            .Append("<button id=\"sign-in\" type=\"submit\">Sign in</button></form>")
            .ToString();
        return Page(status, "Sign in to ftrack", body);
    }

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{Html(title)}</title></head>
        <body><h1>{Html(title)}</h1>{body}</body></html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        status);

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>Sign-in to the emulator's web pages.</summary>
public sealed partial class FtrackEmulator
{
    private readonly ConcurrentDictionary<string, string> _passwords = new(StringComparer.Ordinal);

    /// <summary>Gives a user a password for the web sign-in (<c>/user/api_credentials</c>).</summary>
    public void SetPassword(string username, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (!_apiKeys.ContainsKey(username))
        {
            throw new ArgumentException($"the emulator has no user '{username}'", nameof(username));
        }

        _passwords[username] = password;
    }

    /// <summary>
    /// The user's API key when <paramref name="password"/> signs <paramref name="username"/> in, else null. A user
    /// given a password with <see cref="SetPassword"/> signs in with it; any other user with its API key as the
    /// password (the credentials <c>emulators</c> prints), as the emulator keeps no other secret for it.
    /// </summary>
    internal string? SignIn(string username, string password)
    {
        if (username.Length == 0 || password.Length == 0 || !_apiKeys.TryGetValue(username, out var apiKey))
        {
            return null;
        }

        var expected = _passwords.TryGetValue(username, out var set) ? set : apiKey;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password)) ? apiKey : null;
    }
}
