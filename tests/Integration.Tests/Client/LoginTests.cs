using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AyonFtrack.Client;
using AyonFtrack.Sandbox.Ftrack;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// <c>ayon-ftrack-desktop login</c> as the launcher runs it (the real process, <c>--no-browser</c>) against the ftrack
/// emulator's <c>/user/api_credentials</c> page over loopback; an HTTP client plays the browser (tests/Browser drives
/// a real one).
/// </summary>
public sealed class LoginTests
{
    private const string Artist = "artist.login";
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Login_SignInOnTheEmulatorPage_PrintsTheValidatedCredentialsOnStdoutOnly()
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        var artist = ftrack.AddUser(Artist);
        ftrack.SetPassword(Artist, Password);
        await using var login = StartLogin(ftrack.BaseUrl, "--timeout", "120");
        var signIn = await SignInUrlAsync(login);
        using var browser = Browser();
        // A browser's preconnect: a connection that never sends a request must not hold up the redirect.
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, new Uri(SignInRedirect(signIn)).Port);

        var form = await browser.GetAsync(signIn);
        var wrong = await PostSignInAsync(browser, ftrack.BaseUrl, signIn, Artist, "not the password");
        var right = await PostSignInAsync(browser, ftrack.BaseUrl, signIn, Artist, Password);
        var back = await browser.GetAsync(right.Headers.Location);
        var page = await back.Content.ReadAsStringAsync();
        var code = await ExitCodeAsync(login);

        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        right.Headers.Location!.GetLeftPart(UriPartial.Authority).ShouldBe(new Uri(SignInRedirect(signIn)).GetLeftPart(UriPartial.Authority));
        back.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("You signed in as artist.login. You can close this window now.");
        page.ShouldNotContain(artist.ApiKey);
        code.ShouldBe(0, string.Join('\n', login.ErrorLines));
        login.Lines.Count.ShouldBe(1);
        var printed = JsonNode.Parse(login.Lines[0])!.AsObject();
        ((string?)printed["username"]).ShouldBe(Artist);
        ((string?)printed["api_key"]).ShouldBe(artist.ApiKey);
        ftrack.IsValidApiKey((string)printed["username"]!, (string)printed["api_key"]!).ShouldBeTrue();
        string.Join('\n', login.ErrorLines).ShouldNotContain(artist.ApiKey);
    }

    [Fact]
    public async Task Login_RedirectWithoutApiKey_FaviconIgnored_EndsWithOneLine()
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        await using var login = StartLogin(ftrack.BaseUrl, "--timeout", "120");
        var redirect = SignInRedirect(await SignInUrlAsync(login));
        using var browser = Browser();

        var favicon = await browser.GetAsync(redirect + "/favicon.ico");
        var posted = await browser.PostAsync(redirect + "/?api_user=artist&api_key=k", new StringContent(""));
        var bad = await browser.GetAsync(redirect + "/?api_user=artist");
        var code = await ExitCodeAsync(login);

        favicon.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        posted.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Sign-in to ftrack failed");
        code.ShouldBe(1);
        login.Lines.ShouldBeEmpty();
        login.ErrorLines[^1].ShouldBe("ayon-ftrack-desktop login: the browser came back from ftrack with no api_key (the sign-in was cancelled or refused); run the login again");
    }

    [Fact]
    public async Task Login_WrongKeyInTheRedirect_RefusedByFtrack_KeyNeverPrinted()
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        ftrack.AddUser(Artist);
        const string forged = "forged-key-7f3a9c51d2e84b60";
        await using var login = StartLogin(ftrack.BaseUrl, "--timeout", "120");
        var redirect = SignInRedirect(await SignInUrlAsync(login));
        using var browser = Browser();

        var page = await browser.GetStringAsync($"{redirect}/?api_user={Artist}&api_key={forged}");
        var code = await ExitCodeAsync(login);

        code.ShouldBe(1);
        login.Lines.ShouldBeEmpty();
        login.ErrorLines[^1].ShouldStartWith($"ayon-ftrack-desktop login: ftrack at {ftrack.BaseUrl.GetLeftPart(UriPartial.Authority)} refused the API key it sent back for '{Artist}'");
        page.ShouldContain("Sign-in to ftrack failed");
        (page + string.Join('\n', login.ErrorLines)).ShouldNotContain(forged);
    }

    [Fact]
    public async Task Login_NoSignInBeforeTheTimeout_OneLineNamingIt()
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        await using var login = StartLogin(ftrack.BaseUrl, "--timeout", "2");
        await SignInUrlAsync(login);

        var code = await ExitCodeAsync(login);

        code.ShouldBe(1);
        login.Lines.ShouldBeEmpty();
        login.ErrorLines[^1].ShouldBe("ayon-ftrack-desktop login: no sign-in came back from ftrack within 2 s (was the browser page closed before signing in?); run the login again");
    }

    [Fact]
    public async Task Login_UnreachableFtrack_OneLineBeforeAnyBrowser()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        closed.Dispose();
        await using var login = StartLogin(new Uri($"http://127.0.0.1:{port}"), "--timeout", "120");

        var code = await ExitCodeAsync(login);

        code.ShouldBe(1);
        login.Lines.ShouldBeEmpty();
        login.ErrorLines.ShouldNotContain(l => l.StartsWith(Login.SignInPrefix, StringComparison.Ordinal));
        login.ErrorLines[^1].ShouldStartWith($"ayon-ftrack-desktop login: ftrack at http://127.0.0.1:{port} is not reachable (");
        login.ErrorLines[^1].ShouldEndWith("check the ftrack server URL (--server or FTRACK_SERVER) and the network");
    }

    [Fact]
    public async Task Login_BadUsageOrNoServer_ExitCodes2And78()
    {
        var none = new Dictionary<string, string?>();

        var usage = await DesktopWorld.RunAsync(none, "login", "--server", "http://127.0.0.1:1", "--timeout", "soon");
        var unknown = await DesktopWorld.RunAsync(none, "login", "--browser", "firefox");
        var noServer = await DesktopWorld.RunAsync(none, "login");

        usage.Code.ShouldBe(2);
        usage.Error.Trim().ShouldBe("ayon-ftrack-desktop login: --timeout 'soon' is not a number of seconds between 1 and 86400; try --help");
        unknown.Code.ShouldBe(2);
        unknown.Error.ShouldContain("unknown option '--browser'");
        noServer.Code.ShouldBe(78);
        noServer.Error.Trim().ShouldBe("ayon-ftrack-desktop login: no ftrack server: give --server URL or set FTRACK_SERVER");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example/steal")]
    [InlineData("http://localhost.evil.example:8000")]
    [InlineData("http://127.0.0.1.nip.io:8000")]
    [InlineData("https://localhost:8000")]
    [InlineData("http://user@localhost:8000")]
    [InlineData("http://10.0.0.5:8000")]
    [InlineData("javascript:alert(1)")]
    public async Task ApiCredentialsPage_RedirectNotToLoopbackHttp_RefusedWith400_NoForm(string? redirectUrl)
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        using var browser = Browser();
        var query = redirectUrl is null ? "" : "?redirect_url=" + Uri.EscapeDataString(redirectUrl);

        var page = await browser.GetAsync(new Uri(ftrack.BaseUrl, "/user/api_credentials" + query));
        var posted = await PostSignInAsync(browser, ftrack.BaseUrl, redirectUrl ?? "", ftrack.ApiUser, ftrack.ApiKey);

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("<form");
        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        posted.Headers.Location.ShouldBeNull();
    }

    [Theory]
    [InlineData("http://localhost:41234", "http://localhost:41234/?api_user=")]
    [InlineData("http://127.0.0.1:41234/callback?state=x1", "http://127.0.0.1:41234/callback?state=x1&api_user=")]
    [InlineData("http://[::1]:41234", "http://[::1]:41234/?api_user=")]
    public async Task ApiCredentialsPage_SignInWithTheApiKeyAsPassword_RedirectsWithApiUserAndApiKey(string redirectUrl, string expectedStart)
    {
        await using var ftrack = await FtrackEmulator.StartAsync(new FtrackEmulatorOptions(), CancellationToken.None);
        using var browser = Browser();

        var posted = await PostSignInAsync(browser, ftrack.BaseUrl, redirectUrl, ftrack.ApiUser, ftrack.ApiKey);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = posted.Headers.Location!;
        location.AbsoluteUri.ShouldStartWith(expectedStart);
        var query = LoginListener.Query(location.Query.TrimStart('?'));
        query["api_user"].Single().ShouldBe(ftrack.ApiUser);
        query["api_key"].Single().ShouldBe(ftrack.ApiKey);
    }

    private static DesktopProcess StartLogin(Uri server, params string[] options) =>
        DesktopProcess.Start(new Dictionary<string, string?>(), ["login", "--server", server.GetLeftPart(UriPartial.Authority), "--no-browser", .. options]);

    private static HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The URL the command prints on stderr (waits for it).</summary>
    private static async Task<Uri> SignInUrlAsync(DesktopProcess login)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (login.ErrorLines.FirstOrDefault(l => l.StartsWith(Login.SignInPrefix, StringComparison.Ordinal)) is { } line)
            {
                return new Uri(line[Login.SignInPrefix.Length..]);
            }

            login.Process.HasExited.ShouldBeFalse(string.Join('\n', login.ErrorLines));
            await Task.Delay(50);
        }

        throw new TimeoutException("login printed no sign-in URL: " + string.Join('\n', login.ErrorLines));
    }

    private static string SignInRedirect(Uri signIn) => LoginListener.Query(signIn.Query.TrimStart('?'))["redirect_url"].Single();

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, Uri ftrack, Uri signIn, string username, string password) =>
        PostSignInAsync(browser, ftrack, SignInRedirect(signIn), username, password);

    /// <summary>What the sign-in form posts (its hidden redirect_url, the username and password).</summary>
    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, Uri ftrack, string redirectUrl, string username, string password) =>
        browser.PostAsync(new Uri(ftrack, "/user/api_credentials"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["redirect_url"] = redirectUrl,
            ["username"] = username,
            ["password"] = password,
        }));

    private static async Task<int> ExitCodeAsync(DesktopProcess login)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await login.Process.WaitForExitAsync(deadline.Token);
        return login.Process.ExitCode;
    }
}
