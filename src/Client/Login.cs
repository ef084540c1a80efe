using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Client;

/// <summary>
/// <c>ayon-ftrack-desktop login</c>: the browser login of behaviour reference C-03 (<c>tray/login_tools.py</c>,
/// <c>login_dialog.py</c>). A one-shot listener on a free loopback port, ftrack's
/// <c>&lt;server&gt;/user/api_credentials?redirect_url=http://localhost:&lt;port&gt;</c> opened in the browser (or printed
/// with <c>--no-browser</c>), exactly one redirect carrying <c>api_user</c> and <c>api_key</c>, a page telling the artist
/// they can close the window, one real ftrack call to validate the pair (<c>User where username is ...</c>, as
/// <c>check_credentials</c> does), then one JSON line <c>{"username":..,"api_key":..}</c> on stdout for the launcher to
/// put in the keyring. Every failure is one line on stderr naming what to fix; the key appears nowhere but that
/// stdout line.
/// </summary>
/// <remarks>
/// Unlike the original, ftrack is probed before the browser opens (an unreachable server is named at once instead of
/// leaving a dead browser tab and a dialog that waits forever), the wait has a deadline, and a redirect without both
/// parameters ends the login with a reason instead of an exception in the login thread.
/// </remarks>
public static class Login
{
    public const string Command = "login";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The first words of the stderr line that carries the sign-in URL (what the launcher looks for).</summary>
    public const string SignInPrefix = "ayon-ftrack-desktop login: sign in to ftrack at ";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The command's options: the ftrack server, how long to wait for the sign-in, whether to open a browser.</summary>
    public sealed record Options(Uri Server, TimeSpan Timeout, bool OpenBrowser);

    /// <summary>Runs the login; returns the exit code (0 done, 1 failed, 2 bad usage, 78 no server).</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Options options;
        try
        {
            options = Parse(args, environment);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop login: {ex.Message}; try --help");
            return 2;
        }
        catch (DesktopConfigurationException ex)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop login: {ex.Message}");
            return 78;
        }

        LoginOutcome outcome;
        try
        {
            outcome = await LoginAsync(options, stderr, OpenInBrowser, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = LoginOutcome.Failed("the login was cancelled");
        }

        if (outcome.Problem is not null)
        {
            await stderr.WriteLineAsync($"ayon-ftrack-desktop login: {outcome.Problem}");
            return 1;
        }

        // The one place the key is written: the launcher reads this line and stores it in the keyring.
        await stdout.WriteLineAsync(new JsonObject { ["username"] = outcome.Username, ["api_key"] = outcome.ApiKey }.ToJsonString());
        await stdout.FlushAsync(cancellationToken);
        return 0;
    }

    /// <summary>Reads <c>--server</c> (else <c>FTRACK_SERVER</c>), <c>--timeout</c> seconds and <c>--no-browser</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    /// <exception cref="DesktopConfigurationException">No ftrack server is given.</exception>
    public static Options Parse(string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        string? server = null;
        var timeout = DefaultTimeout;
        var openBrowser = true;
        for (var i = args.Length > 0 && args[0] == Command ? 1 : 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--no-browser":
                    openBrowser = false;
                    break;
                case "--server" when i + 1 < args.Length:
                    server = args[++i];
                    break;
                case "--timeout" when i + 1 < args.Length:
                    var text = args[++i];
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 86_400)
                    {
                        throw new ArgumentException($"--timeout '{text}' is not a number of seconds between 1 and 86400");
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--server" or "--timeout":
                    throw new ArgumentException($"{args[i]} needs a value");
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        server ??= environment.GetValueOrDefault(DesktopEnvironment.FtrackServer);
        server = server?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(server))
        {
            throw new DesktopConfigurationException($"no ftrack server: give --server URL or set {DesktopEnvironment.FtrackServer}");
        }

        var withScheme = server.Contains("://", StringComparison.Ordinal) ? server : "https://" + server;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ArgumentException($"the ftrack server '{server}' is not an http(s) URL");
        }

        return new Options(url, timeout, openBrowser);
    }

    /// <summary>The page that gives the credentials back to <paramref name="redirectUrl"/>.</summary>
    public static Uri SignInUrl(Uri server, string redirectUrl)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Uri($"{server.AbsoluteUri.TrimEnd('/')}/user/api_credentials?redirect_url={redirectUrl}");
    }

    /// <summary>
    /// The flow without the command line: probe, listen, show the URL (and open it), wait for the redirect, validate,
    /// answer the browser. <paramref name="openBrowser"/> returns false when no browser could be started.
    /// </summary>
    internal static async Task<LoginOutcome> LoginAsync(Options options, TextWriter stderr, Func<Uri, bool> openBrowser, CancellationToken cancellationToken)
    {
        var unreachable = await ProbeAsync(options.Server, cancellationToken);
        if (unreachable is not null)
        {
            return LoginOutcome.Failed(unreachable);
        }

        await using var listener = LoginListener.Start();
        var url = SignInUrl(options.Server, listener.RedirectUrl);
        await stderr.WriteLineAsync(SignInPrefix + url.OriginalString);
        await stderr.FlushAsync(cancellationToken);
        if (options.OpenBrowser && !openBrowser(url))
        {
            await stderr.WriteLineAsync("ayon-ftrack-desktop login: no browser could be opened here; open the address above in one");
        }

        LoginRedirect redirect;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.Timeout);
            try
            {
                redirect = await listener.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return LoginOutcome.Failed(
                    $"no sign-in came back from ftrack within {options.Timeout.TotalSeconds:0} s (was the browser page closed before signing in?); run the login again");
            }
            catch (OperationCanceledException)
            {
                return LoginOutcome.Failed("the login was cancelled");
            }
        }

        if (redirect.Problem is not null)
        {
            var problem = $"the browser came back from ftrack with {redirect.Problem} (the sign-in was cancelled or refused); run the login again";
            await listener.AnswerAsync("Sign-in to ftrack failed", "ftrack sent no API credentials back. Return to AYON and log in again.", cancellationToken);
            return LoginOutcome.Failed(problem);
        }

        var invalid = await ValidateAsync(options.Server, redirect.ApiUser!, redirect.ApiKey!, cancellationToken);
        if (invalid.Problem is not null)
        {
            await listener.AnswerAsync("Sign-in to ftrack failed", "The credentials ftrack sent could not be used: " + invalid.Problem + ". Return to AYON and log in again.", cancellationToken);
            return invalid;
        }

        await listener.AnswerAsync("Sign-in to ftrack was successful", $"You signed in as {invalid.Username}. You can close this window now.", cancellationToken);
        return invalid;
    }

    /// <summary>Null when ftrack answers at all (any HTTP status), else the reason it cannot be reached.</summary>
    internal static async Task<string?> ProbeAsync(Uri server, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = ProbeTimeout };
        try
        {
            using var response = await http.GetAsync(server, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"ftrack at {server.GetLeftPart(UriPartial.Authority)} is not reachable ({ex.Message}); check the ftrack server URL (--server or {DesktopEnvironment.FtrackServer}) and the network";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"ftrack at {server.GetLeftPart(UriPartial.Authority)} did not answer within {ProbeTimeout.TotalSeconds:0} s; check the ftrack server URL (--server or {DesktopEnvironment.FtrackServer}) and the network";
        }
    }

    /// <summary>One real call: the user queried with the pair, as the original's <c>check_credentials</c>.</summary>
    internal static async Task<LoginOutcome> ValidateAsync(Uri server, string apiUser, string apiKey, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DesktopEnvironment.FtrackServer] = server.AbsoluteUri,
            [DesktopEnvironment.FtrackApiUser] = apiUser,
            [DesktopEnvironment.FtrackApiKey] = apiKey,
        };
        var authority = server.GetLeftPart(UriPartial.Authority);
        try
        {
            await using var services = new DesktopEnvironment(variables).BuildServices(withAyon: false, TextWriter.Null);
            using var scope = services.CreateScope();
            var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
            var user = await session.QueryFirstAsync(FtrackQuery.From("User").Select("id", "username", "is_active").Where(FtrackFilter.Is("username", apiUser)), cancellationToken);
            if (user is null)
            {
                return LoginOutcome.Failed($"ftrack at {authority} accepted the API key but has no user '{apiUser}'; sign in again with your own ftrack account");
            }

            if (user.GetBoolean("is_active") == false)
            {
                return LoginOutcome.Failed($"the ftrack user '{apiUser}' is not active at {authority}; ask your ftrack administrator");
            }

            return new LoginOutcome(user.GetString("username") ?? apiUser, apiKey, null);
        }
        catch (FtrackAuthenticationException)
        {
            return LoginOutcome.Failed($"ftrack at {authority} refused the API key it sent back for '{apiUser}'; run the login again, and if it fails again ask your ftrack administrator whether your API key is enabled");
        }
        catch (Exception ex) when (ex is FtrackServerException or FtrackProtocolException or HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return LoginOutcome.Failed($"the credentials could not be checked with ftrack at {authority} ({ex.Message}); check the network and run the login again");
        }
    }

    /// <summary>
    /// Opens the URL in the system's browser (<c>xdg-open</c>, macOS <c>open</c>, the Windows shell); false when that
    /// fails at once. The opener's and the browser's output go to /dev/null: stdout belongs to the JSON line.
    /// </summary>
    private static bool OpenInBrowser(Uri url)
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }
            : new ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" \"$1\" </dev/null >/dev/null 2>&1", OperatingSystem.IsMacOS() ? "open" : "xdg-open", url.AbsoluteUri]) { UseShellExecute = false };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return OperatingSystem.IsWindows();
            }

            // xdg-open and open return once the browser has the page; a quick non-zero exit means there is none.
            return !process.WaitForExit(TimeSpan.FromSeconds(5)) || process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>The result of a login: the validated pair, or the one-line reason there is none.</summary>
internal sealed record LoginOutcome(string? Username, string? ApiKey, string? Problem)
{
    public static LoginOutcome Failed(string problem) => new(null, null, problem);

    /// <inheritdoc />
    public override string ToString() => Problem is null ? $"logged in as {Username}" : $"login failed: {Problem}";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username).Append(", ApiKey = ***, Problem = ").Append(Problem);
        return true;
    }
}
