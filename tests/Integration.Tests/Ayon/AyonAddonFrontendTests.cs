using System.Net;
using System.Net.Http.Headers;
using AyonFtrack.Server.Package;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>
/// An installed addon's web frontend, served as ayon-backend's <c>get_frontend_addon_file</c> does: without login, from
/// the zip's <c>frontend/dist/</c>, an empty path meaning <c>index.html</c>.
/// </summary>
public sealed class AyonAddonFrontendTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _dist = Directory.CreateTempSubdirectory("ayon-ftrack-dist-").FullName;

    public AyonAddonFrontendTests()
    {
        Directory.CreateDirectory(Path.Combine(_dist, "assets"));
        File.WriteAllText(Path.Combine(_dist, "index.html"), "<!doctype html><title>page</title>");
        File.WriteAllText(Path.Combine(_dist, "assets", "index.js"), "export {}");
    }

    public void Dispose() => Directory.Delete(_dist, recursive: true);

    private static async Task InstallAsync(AyonTestHost host, AddonPackageOptions options)
    {
        using var admin = host.Raw(host.Emulator.ServiceApiKey);
        using var content = new ByteArrayContent(AddonPackageBuilder.Zip(AddonPackageBuilder.Files(options)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await admin.PostAsync("/api/addons/install", content, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Frontend_InstalledPackage_ServesItsDistWithoutLogin()
    {
        await using var host = await AyonTestHost.StartAsync();
        await InstallAsync(host, new AddonPackageOptions { FrontendDirectory = _dist });
        using var anonymous = new HttpClient { BaseAddress = host.Emulator.BaseUrl };
        var root = $"/addons/ftrack/{AddonPackage.Version}/frontend";

        using var index = await anonymous.GetAsync(root + "/?id=abc", Ct);
        using var script = await anonymous.GetAsync(root + "/assets/index.js", Ct);
        using var missing = await anonymous.GetAsync(root + "/assets/nope.js", Ct);
        using var emptySegment = await anonymous.GetAsync(root + "/assets//index.js", Ct);

        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await index.Content.ReadAsStringAsync(Ct)).ShouldBe("<!doctype html><title>page</title>");
        index.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync(Ct)).ShouldContain("File not found");
        emptySegment.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await emptySegment.Content.ReadAsStringAsync(Ct)).ShouldContain("Invalid file path");
    }

    [Fact]
    public async Task Frontend_WithoutTrailingSlash_RedirectsToIt()
    {
        await using var host = await AyonTestHost.StartAsync();
        await InstallAsync(host, new AddonPackageOptions { FrontendDirectory = _dist });
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Emulator.BaseUrl };

        using var response = await anonymous.GetAsync($"/addons/ftrack/{AddonPackage.Version}/frontend?id=1", Ct);

        ((int)response.StatusCode).ShouldBeInRange(301, 308);
        response.Headers.Location!.ToString().ShouldBe($"/addons/ftrack/{AddonPackage.Version}/frontend/?id=1");
    }

    [Fact]
    public async Task Frontend_PackageWithoutOne_AndUnknownAddon_AnswerNotFoundByName()
    {
        await using var host = await AyonTestHost.StartAsync();
        await InstallAsync(host, new AddonPackageOptions());
        using var anonymous = new HttpClient { BaseAddress = host.Emulator.BaseUrl };

        using var none = await anonymous.GetAsync($"/addons/ftrack/{AddonPackage.Version}/frontend/", Ct);
        using var unknown = await anonymous.GetAsync("/addons/nope/1.0.0/frontend/", Ct);

        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await none.Content.ReadAsStringAsync(Ct)).ShouldContain("Addon does not have a frontend directory");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync(Ct)).ShouldContain("Addon nope does not exist");
        using var unknownVersion = await anonymous.GetAsync("/addons/ftrack/0.0.1/frontend/", Ct);
        (await unknownVersion.Content.ReadAsStringAsync(Ct)).ShouldContain("Addon ftrack version 0.0.1 does not exist");
    }

    [Fact]
    public async Task Shell_PageForTheAddon_EmbedsTheFrontendAndPostsTheToken()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Emulator.BaseUrl };

        var html = await anonymous.GetStringAsync($"/sandbox/settings/ftrack/{Uri.EscapeDataString(AddonPackage.Version)}", Ct);

        html.ShouldContain($"/addons/ftrack/{Uri.EscapeDataString(AddonPackage.Version)}/frontend/?id=sandbox");
        html.ShouldContain("accessToken: localStorage.getItem('accessToken')");
    }
}
